import autocannon from 'autocannon';
const [path, seconds = '12', conns = '10'] = process.argv.slice(2);
const r = await autocannon({ url: 'http://127.0.0.1:4100', connections: Number(conns), duration: Number(seconds), requests: [{ setupRequest: (req) => {
  const u = 1 + Math.floor(Math.random() * 2000);
  return { ...req, path: path.replace('{u}', String(u)), headers: { cookie: `kindred_session=bench-session-${u}` } };
} }] });
console.log(path, 'req/s', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, '2xx', r['2xx'], 'non2xx', r.non2xx, 'bytes/req', Math.round(r.throughput.total / r.requests.total));
