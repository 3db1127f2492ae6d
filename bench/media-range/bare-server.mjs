// Baseline for bench/media-range: a bare Node http server streaming one file with fs.createReadStream,
// single-Range support, same 256 KiB read chunk as LocalDiskStorage. argv: <file> ; prints its port.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

const file = process.argv[2];
const size = statSync(file).size;
const server = http.createServer((req, res) => {
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (m && (m[1] || m[2])) {
    if (m[1]) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    } else {
      start = Math.max(0, size - Number(m[2]));
    }
    if (start > end || start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, {
      'Content-Type': 'video/mp4',
      'Accept-Ranges': 'bytes',
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': end - start + 1,
    });
  } else {
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Length': size });
  }
  const stream = createReadStream(file, { start, end, highWaterMark: 256 * 1024 });
  stream.pipe(res);
  res.on('close', () => stream.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
