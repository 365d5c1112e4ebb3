/**
 * The checks a rendered multi-photo video passes before review, with the real ffmpeg: a blank
 * angle between good ones, a missing segment, the wrong length or a lost music track are each
 * refused with a reason; a good render with music passes and yields a real poster.
 */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { checkImage } from "../../app/media/image-checks";
import { checkVideo } from "../../app/media/video-checks";
import { finishVideo } from "../../app/video/finish.server";
import { checkMultiPhotoVideo } from "../../app/video/multi-photo-checks.server";
import { stitchAngles, type StitchedVideo } from "../../app/video/stitch.server";
import { renderProductImage } from "../../sim/shared/product-image";

const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const options = { segmentSeconds: 2, transitionSeconds: 0.5, width: 320, height: 320, fps: 12 };

let good: StitchedVideo;
let withBlank: StitchedVideo;
beforeAll(async () => {
  const photos = await Promise.all([0, 1, 2].map((angle) => renderProductImage({ seed: 3, width: 480, height: 480, angle, kind: "bag" })));
  const white = await sharp({ create: { width: 480, height: 480, channels: 3, background: "#ffffff" } }).png().toBuffer();
  [good, withBlank] = await Promise.all([stitchAngles(photos, options), stitchAngles([photos[0], white, photos[2]], options)]);
});

const measured = async (mp4: Buffer) => (await checkVideo(mp4)).durationMs;

describe("multi-photo video checks", () => {
  it("a good render with music passes, and its poster is a real picture", async () => {
    const finished = await finishVideo(good.mp4, { music: "upbeat", overlay: { title: "Canvas tote", price: "$39.00" }, durationMs: good.expectedDurationMs, fontFile: FONT });
    const { poster } = await checkMultiPhotoVideo(finished, { segments: 3, expectedDurationMs: good.expectedDurationMs, measuredDurationMs: await measured(finished), withAudio: true });
    await expect(checkImage(poster.jpeg, { minSide: 64 })).resolves.toBeTruthy();
  });

  it("refuses a blank angle hidden between good ones", async () => {
    await expect(
      checkMultiPhotoVideo(withBlank.mp4, { segments: 3, expectedDurationMs: withBlank.expectedDurationMs, measuredDurationMs: await measured(withBlank.mp4), withAudio: false }),
    ).rejects.toMatchObject({ code: "blank", message: expect.stringMatching(/Angle 2/) });
  });

  it("refuses a missing segment, the wrong length and a lost music track", async () => {
    const length = await measured(good.mp4);
    await expect(checkMultiPhotoVideo(good.mp4, { segments: 4, expectedDurationMs: good.expectedDurationMs, measuredDurationMs: length, withAudio: false })).rejects.toMatchObject({
      code: "corrupt",
      message: expect.stringMatching(/3 segments instead of 4/),
    });
    await expect(checkMultiPhotoVideo(good.mp4, { segments: 3, expectedDurationMs: good.expectedDurationMs + 1_000, measuredDurationMs: length, withAudio: false })).rejects.toMatchObject({
      code: "duration",
    });
    await expect(checkMultiPhotoVideo(good.mp4, { segments: 3, expectedDurationMs: good.expectedDurationMs, measuredDurationMs: length, withAudio: true })).rejects.toMatchObject({
      message: expect.stringMatching(/lost its music/),
    });
  });
});
