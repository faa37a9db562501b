/**
 * Reads the SLO inventory file of an SloCatalog. Problems become issues of the catalog's `file` prop that
 * name the file and the JSON field, so synthesis reports them under the catalog's path with the rest.
 */
import * as fs from 'fs';
import * as path from 'path';
import { error, ValidationIssue } from '../../model/validation-issue';
import { JsonFieldError } from '../../planning/service-inventory-reader';
import { readSloInventory, SloInventory } from '../../planning/slo-inventory';

/** The inventory, or why there is none. */
export interface InventoryFile {
  readonly inventory?: SloInventory;
  readonly issues: ValidationIssue[];
}

/** Reads `file` (relative to the working directory); a malformed file yields its first problem. */
export function readInventoryFile(file: string): InventoryFile {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(file), 'utf8');
  } catch (e) {
    return { issues: [error('file', `cannot read the SLO inventory "${file}": ${(e as Error).message}`)] };
  }
  try {
    return { inventory: readSloInventory(text), issues: [] };
  } catch (e) {
    if (e instanceof JsonFieldError) return { issues: [inventoryFieldError(file, e.message)] };
    throw e;
  }
}

/** A problem at one field of the inventory, e.g. `services[2].tier: must be one of ...`. */
export function inventoryFieldError(file: string, fieldProblem: string): ValidationIssue {
  return error('file', `${file}: ${fieldProblem}`);
}
