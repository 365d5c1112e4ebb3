-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "sourceHash" TEXT;
