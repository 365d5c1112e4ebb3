-- AlterEnum
ALTER TYPE "AssetKind" ADD VALUE 'poster';

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "posterAssetId" TEXT;

