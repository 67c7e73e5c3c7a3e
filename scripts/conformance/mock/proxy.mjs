// A recording pass-through between a driver and Prism: forwards every request unchanged and
// appends what Prism answered to a JSON-lines log, so the harness can compare each response
// body with what the generated client decoded from it.
//
//   node proxy.mjs LISTEN_PORT PRISM_PORT LOG_FILE
import { appendFileSync } from "node:fs";
import http from "node:http";

const [listenPort, prismPort, logFile] = process.argv.slice(2);

http
  .createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const upstream = http.request(
        { host: "127.0.0.1", port: prismPort, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          const body = [];
          answer.on("data", (chunk) => body.push(chunk));
          answer.on("end", () => {
            const text = Buffer.concat(body).toString("utf8");
            appendFileSync(
              logFile,
              JSON.stringify({
                method: request.method,
                url: request.url,
                requestType: request.headers["content-type"] ?? null,
                accept: request.headers["accept"] ?? null,
                status: answer.statusCode,
                contentType: answer.headers["content-type"] ?? null,
                violations: answer.headers["sl-violations"] ?? null,
                body: text,
              }) + "\n",
            );
            response.writeHead(answer.statusCode, answer.headers);
            response.end(text);
          });
        },
      );
      upstream.on("error", (error) => {
        response.writeHead(502);
        response.end(String(error));
      });
      upstream.end(Buffer.concat(chunks));
    });
  })
  .listen(Number(listenPort), "127.0.0.1");
