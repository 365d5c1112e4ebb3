-- CreateEnum
CREATE TYPE "SocialPlatform" AS ENUM ('tiktok', 'youtube');

-- CreateEnum
CREATE TYPE "SocialAccountStatus" AS ENUM ('connected', 'needs_reconnect', 'disconnected');

-- CreateEnum
CREATE TYPE "PublicationStatus" AS ENUM ('queued', 'uploading', 'processing', 'published', 'failed');

-- CreateTable
CREATE TABLE "SocialAccount" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "platform" "SocialPlatform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "handle" TEXT,
    "scopes" TEXT NOT NULL,
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "accessExpiresAt" TIMESTAMP(3),
    "refreshExpiresAt" TIMESTAMP(3),
    "status" "SocialAccountStatus" NOT NULL DEFAULT 'connected',
    "statusReason" TEXT,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SocialAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoPublication" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "socialAccountId" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "platform" "SocialPlatform" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "hashtags" TEXT[],
    "productUrl" TEXT,
    "status" "PublicationStatus" NOT NULL DEFAULT 'queued',
    "uploadRef" TEXT,
    "externalId" TEXT,
    "externalUrl" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "statusChecks" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "VideoPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SocialAccount_shopId_platform_key" ON "SocialAccount"("shopId", "platform");

-- CreateIndex
CREATE INDEX "VideoPublication_shopId_createdAt_idx" ON "VideoPublication"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "VideoPublication_generationId_idx" ON "VideoPublication"("generationId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoPublication_socialAccountId_generationId_key" ON "VideoPublication"("socialAccountId", "generationId");

-- AddForeignKey
ALTER TABLE "SocialAccount" ADD CONSTRAINT "SocialAccount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoPublication" ADD CONSTRAINT "VideoPublication_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoPublication" ADD CONSTRAINT "VideoPublication_socialAccountId_fkey" FOREIGN KEY ("socialAccountId") REFERENCES "SocialAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoPublication" ADD CONSTRAINT "VideoPublication_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "Generation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
