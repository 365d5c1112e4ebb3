-- CreateTable
CREATE TABLE "AppCharge" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "offerKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "credits" INTEGER NOT NULL,
    "currentPeriodEnd" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppCharge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpendAlert" (
    "id" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "shopId" TEXT,
    "day" TEXT NOT NULL,
    "thresholdMicroUsd" BIGINT NOT NULL,
    "spentMicroUsd" BIGINT NOT NULL,
    "message" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpendAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AppCharge_shopId_kind_idx" ON "AppCharge"("shopId", "kind");

-- CreateIndex
CREATE INDEX "SpendAlert_shopId_createdAt_idx" ON "SpendAlert"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SpendAlert_scopeKey_day_thresholdMicroUsd_key" ON "SpendAlert"("scopeKey", "day", "thresholdMicroUsd");

-- AddForeignKey
ALTER TABLE "AppCharge" ADD CONSTRAINT "AppCharge_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpendAlert" ADD CONSTRAINT "SpendAlert_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

