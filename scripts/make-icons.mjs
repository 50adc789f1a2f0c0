// Renders resources/icons/icon.svg into the icons electron-builder and the window use: PNGs at the
// Linux sizes, icon.png (512), icon.ico (Windows) and icon.icns (macOS), the last two holding PNGs.
// Run by hand after changing the SVG: node scripts/make-icons.mjs (needs /usr/bin/chromium).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const dir = path.resolve('resources/icons');
const svg = fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8');
const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const png = {};
for (const size of sizes) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}</style>${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}`,
  );
  png[size] = await page.screenshot({ omitBackground: true });
  await page.close();
}
await browser.close();

for (const size of sizes.filter((s) => s <= 512)) fs.writeFileSync(path.join(dir, `${size}x${size}.png`), png[size]);
fs.writeFileSync(path.join(dir, 'icon.png'), png[512]);

// ICO: a directory of PNG images (sizes up to 256; 0 means 256).
const icoSizes = [16, 32, 48, 256];
const header = Buffer.alloc(6 + 16 * icoSizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(icoSizes.length, 4);
let offset = header.length;
icoSizes.forEach((size, i) => {
  const at = 6 + 16 * i;
  header.writeUInt8(size % 256, at);
  header.writeUInt8(size % 256, at + 1);
  header.writeUInt16LE(1, at + 4);
  header.writeUInt16LE(32, at + 6);
  header.writeUInt32LE(png[size].length, at + 8);
  header.writeUInt32LE(offset, at + 12);
  offset += png[size].length;
});
fs.writeFileSync(path.join(dir, 'icon.ico'), Buffer.concat([header, ...icoSizes.map((s) => png[s])]));

// ICNS: typed chunks; ic07..ic10 hold PNGs of 128, 256, 512 and 1024 pixels.
const chunks = [
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
].map(([type, size]) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(8 + png[size].length, 4);
  return Buffer.concat([head, png[size]]);
});
const body = Buffer.concat(chunks);
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + body.length, 4);
fs.writeFileSync(path.join(dir, 'icon.icns'), Buffer.concat([icnsHead, body]));
console.log(`wrote ${fs.readdirSync(dir).join(', ')}`);
