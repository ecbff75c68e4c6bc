-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "flow_webhook_secret_encrypted" TEXT;
