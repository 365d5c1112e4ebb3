/** What Glint needs from a video platform; tiktok.server.ts and youtube.server.ts implement it. */
import type { SocialPlatform } from "@prisma/client";

export interface TokenSet {
  accessToken: string;
  /** Absent when the platform keeps the old one (Google on refresh). */
  refreshToken?: string;
  expiresInSeconds: number;
  refreshExpiresInSeconds?: number;
  scope: string;
}

export interface PlatformProfile {
  externalId: string;
  displayName: string;
  handle?: string;
}

/** What the merchant wrote in the publish dialog. */
export interface VideoPost {
  title: string;
  description: string;
  hashtags: string[];
  productUrl?: string;
}

export interface UploadInput {
  accessToken: string;
  video: Buffer;
  mimeType: string;
  post: VideoPost;
  /** Set when an earlier attempt got this far: TikTok publish_id or the YouTube session URI. */
  uploadRef?: string;
  /** Persists the upload reference before any bytes are sent, so a retry resumes rather than posts twice. */
  saveUploadRef(ref: string): Promise<void>;
  signal?: AbortSignal;
}

export interface UploadResult {
  uploadRef: string;
  /** YouTube knows the video id as soon as the upload ends; TikTok only once the post is public. */
  externalId?: string;
}

export type PostStatus =
  | { state: "processing" }
  | { state: "published"; externalId: string; url: string }
  | { state: "failed"; code: string; message: string };

export interface StatusInput {
  accessToken: string;
  uploadRef: string;
  externalId?: string;
  handle?: string;
  signal?: AbortSignal;
}

export interface PlatformClient {
  readonly platform: SocialPlatform;
  authorizeUrl(input: { state: string; codeVerifier: string; redirectUri: string }): string;
  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  profile(accessToken: string): Promise<PlatformProfile>;
  upload(input: UploadInput): Promise<UploadResult>;
  status(input: StatusInput): Promise<PostStatus>;
  /** Best effort on disconnect: the platform forgets the grant. */
  revoke(token: string): Promise<void>;
}
