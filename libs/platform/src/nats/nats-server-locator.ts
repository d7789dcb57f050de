import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

export const NATS_SERVER_EXECUTABLE = 'nats-server';

/** Where `nats-server` was found, or why it was not. */
export type NatsServerLocation = { found: true; path: string } | { found: false; reason: string };

export interface NatsServerSearch {
  /** `NATS_SERVER_BIN`: when set, the only candidate. */
  explicit?: string;
  /** Directories searched in order when `explicit` is unset. */
  searchPath: readonly string[];
}

/**
 * Finds the `nats-server` executable. An explicit path that does not work is reported, never
 * silently replaced by another binary from the PATH: the operator asked for that one.
 */
export function locateNatsServer(search: NatsServerSearch): NatsServerLocation {
  if (search.explicit !== undefined) {
    return isExecutableFile(search.explicit)
      ? { found: true, path: search.explicit }
      : { found: false, reason: `NATS_SERVER_BIN=${search.explicit} is not an executable file` };
  }
  for (const dir of search.searchPath) {
    const candidate = join(dir, NATS_SERVER_EXECUTABLE);
    if (isExecutableFile(candidate)) return { found: true, path: candidate };
  }
  return {
    found: false,
    reason: `no ${NATS_SERVER_EXECUTABLE} on the PATH (searched ${search.searchPath.join(', ')})`,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
