import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { personProfile } from "@/lib/directory/people";
import { ProfileView } from "../../_components/profile";

/** A colleague's profile; an inactive person, or one of another organization, is not found. */
export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const person = await personProfile(await getDb(), member.organizationId, (await params).id);
  if (!person) notFound();
  return <ProfileView person={person} />;
}
