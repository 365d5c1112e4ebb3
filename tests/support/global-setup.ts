/**
 * Migrates one template database per migration set; every test file then clones it in
 * milliseconds (CREATE DATABASE … TEMPLATE) instead of replaying migrations.
 */
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../../prisma/migrate";
import { adminUrl, baseDatabaseUrl } from "./database";

async function migrationsHash(): Promise<string> {
  const dir = path.resolve("prisma/migrations");
  const hash = createHash("sha256");
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith(".toml")) continue;
    hash.update(name).update(await readFile(path.join(dir, name, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 12);
}

export default async function setup(project: TestProject) {
  const template = `glint_tpl_${await migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(727275)");
    const exists = await admin.query("select 1 from pg_database where datname = $1", [template]);
    if (exists.rowCount === 0) {
      const url = new URL(baseDatabaseUrl());
      url.pathname = `/${template}_building`;
      await admin.query(`drop database if exists "${template}_building" with (force)`);
      await migrate(url.toString());
      await admin.query(`alter database "${template}_building" rename to "${template}"`);
    }
    await admin.query("select pg_advisory_unlock(727275)");
  } finally {
    await admin.end();
  }
  project.provide("dbTemplate", template);
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: string;
  }
}
