import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    alias: {
      '@academy/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // video.js and its streaming stack in one chunk, `videojs-<hash>.js`, fetched only by the lesson
            // player (a dynamic import). Only packages nothing else uses, so the entry never imports it.
            {
              name: 'videojs',
              test: /[\\/]node_modules[\\/](video\.js|@videojs|videojs-[\w.-]+|m3u8-parser|mpd-parser|mux\.js|aes-decrypter|pkcs7|@xmldom)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 4200,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
