// Whether phones in the room can open the join link: a link to a loopback address
// (127.0.0.1, localhost, ::1) only ever reaches the computer it runs on.

/** True when `url`'s host is a loopback address or name; false for anything else, or a bad URL. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  // URL keeps IPv6 hosts in brackets.
  host = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return host === '::1' || host === '0:0:0:0:0:0:0:1' || host === '::ffff:127.0.0.1' || host === '::ffff:7f00:1';
}
