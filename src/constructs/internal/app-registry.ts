/**
 * Constructs of one app by a key (an identity, an object name), so that duplicate checks cost O(1) per
 * construct rather than a walk of the whole tree (apps may hold thousands of SLOs). Apps are told apart
 * by their root; a registry holds no app alive.
 */
import { IConstruct } from 'constructs';

export class AppRegistry<T extends IConstruct> {
  private readonly byApp = new WeakMap<IConstruct, Map<string, T[]>>();

  /** Registers `construct` under `key` and returns every construct of its app registered under that key. */
  public register(construct: T, key: string): T[] {
    const root = construct.node.root;
    let byKey = this.byApp.get(root);
    if (!byKey) {
      byKey = new Map();
      this.byApp.set(root, byKey);
    }
    const entry = byKey.get(key) ?? [];
    entry.push(construct);
    byKey.set(key, entry);
    return entry;
  }
}
