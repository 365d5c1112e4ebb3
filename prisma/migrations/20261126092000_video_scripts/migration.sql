-- CreateTable
CREATE TABLE "VideoScript" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "lengthSeconds" INTEGER NOT NULL,
    "voice" TEXT NOT NULL,
    "hook" TEXT NOT NULL,
    "benefits" TEXT[],
    "callToAction" TEXT NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "sourceImageUrl" TEXT,
    "generationId" TEXT,
    "stage" TEXT,
    "voiceStorageKey" TEXT,
    "voiceDurationMs" INTEGER,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VideoScript_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VideoScript_generationId_key" ON "VideoScript"("generationId");

-- CreateIndex
CREATE INDEX "VideoScript_shopId_productId_idx" ON "VideoScript"("shopId", "productId");

-- AddForeignKey
ALTER TABLE "VideoScript" ADD CONSTRAINT "VideoScript_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoScript" ADD CONSTRAINT "VideoScript_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

