import { Command } from '../command';
import { discoverCommand } from './discover';
import { exportCommand } from './export';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { planCommand } from './plan';
import { reportCommand } from './report';
import { statusCommand } from './status';
import { validateCommand } from './validate';
import { verifyCommand } from './verify';

/** Every sub-command, in the order of the workflow: discover → generate (or import) → validate → plan → (export) → status → report → verify. */
export const COMMANDS: readonly Command[] = [
  discoverCommand,
  generateCommand,
  importCommand,
  validateCommand,
  planCommand,
  exportCommand,
  statusCommand,
  reportCommand,
  verifyCommand,
];
