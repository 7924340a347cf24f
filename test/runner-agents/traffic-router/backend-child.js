// A service version as its own process: answers every request with {"served_by": NAME} on PORT.
// Used where the test must kill the process (SIGKILL) rather than close a server in-process.
const http = require('node:http');

const name = process.env.NAME || 'backend';
http
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': name });
      res.end(JSON.stringify({ served_by: name, url: req.url }));
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('READY\n'));
