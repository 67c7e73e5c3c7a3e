// Judges one mock drive: pairs each call a driver printed with the exchange the recording proxy
// logged (one request per call, in order), and tells for each whether Prism accepted the
// request (no violation reported), whether the client decoded the response, and whether the
// decoded value encodes back to the body Prism sent (as JSON values; 1.0 == 1).
//
//   node judge.mjs LABEL DRIVER_OUTPUT PROXY_LOG
//
// Prints TSV lines: LABEL, operation, accepted (yes/no), decoded (yes/no), lossless (yes/no/-),
// detail.
import { readFileSync } from "node:fs";

const [label, driverFile, logFile] = process.argv.slice(2);
const lines = (file) =>
  readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const calls = lines(driverFile);
const exchanges = lines(logFile);
if (calls.length !== exchanges.length) {
  console.error(`judge: ${label}: ${calls.length} calls but ${exchanges.length} requests reached Prism`);
  process.exit(1);
}

calls.forEach((call, i) => {
  const exchange = exchanges[i];
  const accepted = !exchange.violations && exchange.status < 400;
  let lossless = "-";
  let detail = "";
  if (!accepted) {
    detail = `Prism answered ${exchange.status}: ${violations(exchange)}`;
  } else if (!call.ok) {
    detail = `not decoded: ${call.error}`;
  } else if (exchange.body.length > 0) {
    let sent;
    try {
      sent = JSON.parse(exchange.body);
    } catch {
      sent = exchange.body; // a text body, decoded as a string
    }
    const difference = differ(sent, call.decoded, "");
    lossless = difference ? "no" : "yes";
    if (difference) detail = `lossy at ${difference}`;
  } else {
    lossless = call.decoded === null ? "yes" : "no";
  }
  const fields = [label, call.op, yes(accepted), yes(accepted && call.ok), lossless, detail];
  console.log(fields.map((f) => String(f).replace(/[\t\n]/g, " ").slice(0, 300)).join("\t"));
});

function yes(flag) {
  return flag ? "yes" : "no";
}

function violations(exchange) {
  if (!exchange.violations) return exchange.body.slice(0, 200);
  try {
    return JSON.parse(exchange.violations)
      .map((v) => `${(v.location ?? []).join(".")}: ${v.message}`)
      .join("; ");
  } catch {
    return exchange.violations;
  }
}

// The JSON pointer of the first difference, or "" when equal.
function differ(a, b, at) {
  if (typeof a === "number" && typeof b === "number") return a === b ? "" : at || "/";
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at || "/"} (length)`;
    for (let i = 0; i < a.length; i++) {
      const d = differ(a[i], b[i], `${at}/${i}`);
      if (d) return d;
    }
    return "";
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in b)) return `${at}/${key} (dropped)`;
      if (!(key in a)) return `${at}/${key} (added)`;
      const d = differ(a[key], b[key], `${at}/${key}`);
      if (d) return d;
    }
    return "";
  }
  return a === b ? "" : at || "/";
}
