// Whether a bundle in dist/ is older than a source it was built from (package-lock.json, any workspace's package.json or a
// file under its src/). Used by `npm start`'s prestart (scripts/build-server.mjs --if-stale) and by the `labelyard` command,
// which runs the bundled CLI only while it is fresh, so a `git pull` is never run from an old build.
import fs from 'node:fs';
import path from 'node:path';

/** True when `builtFile` is missing or a source of the workspaces under `root` changed after it was written. */
export function isStale(root, builtFile) {
  if (!fs.existsSync(builtFile)) return true;
  const builtAt = fs.statSync(builtFile).mtimeMs;
  const workspaces = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces ?? [];
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== 'node_modules' && newer(full);
      return fs.statSync(full).mtimeMs > builtAt;
    });
  // The bundle holds the npm dependencies' code too: an install that changed them (package-lock.json) is a change.
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > builtAt) return true;
  return ['.', ...workspaces].some(
    (dir) =>
      fs.statSync(path.join(root, dir, 'package.json')).mtimeMs > builtAt ||
      (fs.existsSync(path.join(root, dir, 'src')) && newer(path.join(root, dir, 'src'))),
  );
}
