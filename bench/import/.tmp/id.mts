import { newId } from '/work/main/apps/server/src/ids.ts';
for (let r = 0; r < 3; r++) {
  let t = performance.now(); const a = []; for (let i = 0; i < 100_000; i++) a.push(newId()); console.log('newId x100k', (performance.now() - t).toFixed(0), 'ms');
  t = performance.now(); const b = []; for (let i = 0; i < 100_000; i++) b.push(['a','b','c','d','e','f','g','h','i','j','k','l']); console.log('arrays x100k', (performance.now() - t).toFixed(0), 'ms');
}
