-- CreateEnum
CREATE TYPE "SelectionVerdict" AS ENUM ('approved', 'rejected', 'regenerated');

-- CreateTable
CREATE TABLE "SelectionFeedback" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "style" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "verdict" "SelectionVerdict" NOT NULL,
    "credits" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SelectionFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SelectionFeedback_category_style_idx" ON "SelectionFeedback"("category", "style");

-- CreateIndex
CREATE INDEX "SelectionFeedback_shopId_createdAt_idx" ON "SelectionFeedback"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SelectionFeedback_generationId_verdict_key" ON "SelectionFeedback"("generationId", "verdict");

-- AddForeignKey
ALTER TABLE "SelectionFeedback" ADD CONSTRAINT "SelectionFeedback_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

