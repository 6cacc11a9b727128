import { expect, type Page } from "@playwright/test";
import { getDb } from "@/lib/db/client";
import { E2E_EMULATOR_PORT } from "../../playwright.config";
import { e2eDatabaseUrl, E2E_ENCRYPTION_KEY } from "./env";

// The tests seed through the same lib/ code the app uses, on the app's database (env is read lazily).
process.env.DATABASE_URL = e2eDatabaseUrl();
process.env.ENCRYPTION_KEY = E2E_ENCRYPTION_KEY;

export function db() {
  return getDb();
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAsAdmin(page: Page, email: string, password: string) {
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

/** Drives the emulator that runs beside the app (another process): POST /__emulator/{action}. */
export async function emulator(action: string, body: unknown) {
  const res = await fetch(`http://127.0.0.1:${E2E_EMULATOR_PORT}/__emulator/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${action}: ${res.status}`);
  return res.json();
}
