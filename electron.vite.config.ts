import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

// Main and preload are emitted as CommonJS (.cjs): a sandboxed preload must be CommonJS, and the package is
// "type": "module", so the extension says which is which.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve(root, 'electron/main/index.ts'), formats: ['cjs'] },
      rollupOptions: {
        external: ['electron', '@napi-rs/keyring', 'smartcard'],
        output: { entryFileNames: '[name].cjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(root, 'electron/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Minified, with React in its own long-lived chunk and the dialogs and side pages loaded when first opened
      // (React.lazy): the first paint parses only what the profile list needs. Every chunk is a same-origin file,
      // so the CSP (script-src 'self') is unchanged.
      minify: true,
      cssMinify: true,
      reportCompressedSize: false,
      rollupOptions: {
        input: resolve(root, 'renderer/index.html'),
        output: {
          advancedChunks: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
              { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            ],
          },
        },
      },
    },
    plugins: [react()],
  },
});
