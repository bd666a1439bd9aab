// Node's basic-ftp doing its own job: uploadFromDir, list, rename, downloadToDir, removeDir.
// Usage: node basic_ftp_job.js PORT USER PASSWORD MODE LOCAL_DIR REMOTE_DIR BACK_DIR
//   MODE: plain, tls12, tls13 (explicit FTPS capped at that version) or implicit
const ftp = require('basic-ftp');

async function main() {
  const [port, user, password, mode, local, remote, back] = process.argv.slice(2);
  const client = new ftp.Client(30000);
  const tls = {rejectUnauthorized: false};
  if (mode === 'tls12') tls.maxVersion = 'TLSv1.2';
  if (mode === 'tls13') tls.minVersion = 'TLSv1.3';
  try {
    await client.access({host: '127.0.0.1', port: Number(port), user, password,
      secure: mode === 'plain' ? false : mode === 'implicit' ? 'implicit' : true, secureOptions: tls});
    await client.ensureDir(remote);
    await client.uploadFromDir(local);
    await client.cd('/');
    const names = (await client.list(remote)).map(entry => entry.name).sort();
    console.log('listed', JSON.stringify(names));
    await client.rename(remote + '/readme.txt', remote + '/renamed.txt');
    await client.rename(remote + '/renamed.txt', remote + '/readme.txt');
    await client.ensureDir(remote + '-moved');
    await client.cd('/');
    await client.rename(remote + '-moved', remote + '-gone');
    await client.removeDir(remote + '-gone');
    await client.downloadToDir(back, remote);
    console.log('done');
  } finally {
    client.close();
  }
}

main().catch(error => {
  console.error('failed:', error.message);
  process.exit(1);
});
