/**
 * What a presenter video costs, from the registry: one voice-over (the first speech model) plus
 * one run of the first talking-avatar model in its chain. Shown before approval and reserved at
 * approval; a fallback avatar model never costs more than the first (the engine's routing keeps
 * each attempt within the reservation).
 */
import { UserFacingError } from "../errors";
import type { Registry } from "../providers/registry/index";

export interface UgcQuote {
  speechModelId: string;
  avatarModelId: string;
  voiceCredits: number;
  avatarCredits: number;
  total: number;
}

export function ugcQuote(registry: Registry): UgcQuote {
  const speech = registry.config.speech[0];
  const avatar = registry.chain("avatar_video")[0];
  if (!speech || !avatar) {
    throw new UserFacingError({ code: "unavailable", httpStatus: 503, message: "Presenter videos are not available right now. Nothing was charged." });
  }
  return { speechModelId: speech.id, avatarModelId: avatar.id, voiceCredits: speech.credits, avatarCredits: avatar.credits, total: speech.credits + avatar.credits };
}
