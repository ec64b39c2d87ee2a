import { createRequire } from 'node:module';

/**
 * Loads a native addon's CommonJS package with require(), not import(): importing a CommonJS package from ESM first
 * runs Node's export lexer over its loader, about 10 ms per process (BENCHMARKS.md). In a CommonJS bundle (the
 * Electron main build, child-process bundles in tests) `import.meta.url` is empty, so the bundle's own file is used.
 */
export function requireNative<T>(name: string): T {
  return createRequire(import.meta.url || __filename)(name) as T;
}
