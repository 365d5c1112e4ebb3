/**
 * The presenter of UGC videos: an illustrated portrait (head and shoulders, facing the camera,
 * mouth visible) that the talking-avatar model animates. It is drawn here rather than shipped as a
 * stock photo, so no likeness rights are involved; it is stored content-addressed once per shop.
 */
import sharp from "sharp";
import type { AppContext } from "../context.server";

const SIDE = 768;

const PORTRAIT_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}" viewBox="0 0 768 768">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f3e9dc"/><stop offset="1" stop-color="#d8c7b2"/></linearGradient></defs>
  <rect width="768" height="768" fill="url(#bg)"/>
  <rect x="60" y="90" width="220" height="300" rx="12" fill="#e9dccb"/>
  <path d="M120,768 Q130,560 384,540 Q638,560 648,768 Z" fill="#3f6e8c"/>
  <path d="M330,540 L384,610 L438,540 Z" fill="#f1f1ef"/>
  <rect x="344" y="450" width="80" height="100" rx="30" fill="#c98f6b"/>
  <ellipse cx="384" cy="340" rx="150" ry="175" fill="#d9a07c"/>
  <path d="M230,330 Q222,150 384,140 Q546,150 538,330 Q520,220 384,215 Q248,220 230,330 Z" fill="#3b2a20"/>
  <ellipse cx="324" cy="330" rx="20" ry="13" fill="#ffffff"/><circle cx="324" cy="331" r="9" fill="#2c2018"/>
  <ellipse cx="444" cy="330" rx="20" ry="13" fill="#ffffff"/><circle cx="444" cy="331" r="9" fill="#2c2018"/>
  <path d="M296,298 Q324,284 352,296" stroke="#3b2a20" stroke-width="7" fill="none" stroke-linecap="round"/>
  <path d="M416,296 Q444,284 472,298" stroke="#3b2a20" stroke-width="7" fill="none" stroke-linecap="round"/>
  <path d="M384,340 Q372,390 392,396" stroke="#b77a58" stroke-width="5" fill="none" stroke-linecap="round"/>
  <path d="M336,430 Q384,466 432,430 Q384,448 336,430 Z" fill="#9c3f3f"/>
</svg>`;

export async function presenterPortrait(): Promise<Buffer> {
  return sharp(Buffer.from(PORTRAIT_SVG)).png().toBuffer();
}

/** The portrait's storage key in the shop's space (same bytes, same key: stored once). */
export async function storePresenter(ctx: Pick<AppContext, "storage">, shopId: string): Promise<string> {
  const stored = await ctx.storage.put({ shopId, kind: "output", ext: "png", contentType: "image/png", body: await presenterPortrait() });
  return stored.key;
}
