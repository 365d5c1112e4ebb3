/**
 * Original and generated image stacked, with a slider that reveals one over the other. The
 * slider is a native range input: arrow keys move it, and screen readers announce the split.
 */
import { useId, useState } from "react";

interface BeforeAfterSliderProps {
  beforeUrl: string;
  afterUrl: string;
  /** Describes the product, e.g. its title; used in both images' alt text. */
  subject: string;
}

export function BeforeAfterSlider({ beforeUrl, afterUrl, subject }: BeforeAfterSliderProps) {
  const [split, setSplit] = useState(50);
  const id = useId();
  return (
    <div style={{ display: "grid", gap: "var(--p-space-200)" }}>
      <div
        style={{
          position: "relative",
          width: "100%",
          aspectRatio: "1 / 1",
          overflow: "hidden",
          borderRadius: "var(--p-border-radius-200)",
          background: "var(--p-color-bg-surface-secondary)",
        }}
      >
        <img src={afterUrl} alt={`Generated image of ${subject}`} style={{ position: "absolute", inset: 0, width: "100%", height: "100%", objectFit: "contain" }} />
        <img
          src={beforeUrl}
          alt={`Original image of ${subject}`}
          style={{ position: "absolute", inset: 0, width: "100%", height: "100%", objectFit: "contain", clipPath: `inset(0 ${100 - split}% 0 0)`, background: "var(--p-color-bg-surface-secondary)" }}
        />
        <div aria-hidden style={{ position: "absolute", top: 0, bottom: 0, left: `${split}%`, width: 2, background: "var(--p-color-bg-fill-brand)" }} />
      </div>
      <label htmlFor={id} style={{ fontSize: "var(--p-font-size-325)", color: "var(--p-color-text-secondary)" }}>
        Drag to compare: original on the left, new on the right
      </label>
      <input id={id} type="range" min={0} max={100} value={split} onChange={(e) => setSplit(Number(e.target.value))} aria-valuetext={`${split}% original`} />
    </div>
  );
}
