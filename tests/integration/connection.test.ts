import { describe, expect, it } from "vitest";
import { open } from "@/lib/crypto/secret-box";
import { saveConnection, saveSettings } from "@/lib/integrations/connection";
import { apiKeyContext, getIntegration } from "@/lib/sync/source";
import { emulatedCompany, fastRetry } from "../helpers/emulator";
import { createOrg } from "../helpers/factories";

describe("[INTEGRATIONS] a connection is tested before it is saved", () => {
  it("a key BambooHR refuses saves nothing and says why; the right one is saved, sealed", async () => {
    const ctx = await emulatedCompany({ size: 3 });
    const { db, org } = await createOrg();
    const overrides = { baseUrl: ctx.emu.url, retry: fastRetry };
    const refused = await saveConnection(db, org.id, { subdomain: ctx.domain, apiKey: "not-the-key-of-this-company" }, overrides);
    expect(refused).toMatchObject({ ok: false, kind: "invalid_key", message: expect.stringMatching(/rejected the API key/) });
    expect(await getIntegration(db, org.id)).toBeNull();

    const saved = await saveConnection(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key }, overrides);
    expect(saved.ok).toBe(true);
    const integration = (await getIntegration(db, org.id))!;
    expect(integration.apiKeySealed).not.toContain(ctx.key);
    expect(open(integration.apiKeySealed, apiKeyContext(integration))).toBe(ctx.key);
  });

  it("settings with a new key BambooHR refuses keep the old key; settings before a connection are refused", async () => {
    const ctx = await emulatedCompany({ size: 3 });
    const { db, org } = await createOrg();
    const overrides = { baseUrl: ctx.emu.url, retry: fastRetry };
    const settings = { apiKey: undefined, activationBlocklist: [], notificationEmails: [], safeguardPercent: 20 };
    expect(await saveSettings(db, org.id, settings, overrides)).toEqual({ ok: false, error: "Connect BambooHR first." });
    await saveConnection(db, org.id, { subdomain: ctx.domain, apiKey: ctx.key }, overrides);
    const refused = await saveSettings(db, org.id, { ...settings, apiKey: "a-key-bamboohr-refuses-1234" }, overrides);
    expect(refused).toMatchObject({ ok: false, field: "apiKey", error: expect.stringMatching(/rejected the API key/) });
    const integration = (await getIntegration(db, org.id))!;
    expect(open(integration.apiKeySealed, apiKeyContext(integration))).toBe(ctx.key);
    expect(await saveSettings(db, org.id, { ...settings, safeguardPercent: 35 }, overrides)).toEqual({ ok: true });
    expect((await getIntegration(db, org.id))!.safeguardPercent).toBe(35);
  });
});
