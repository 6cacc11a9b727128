import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { personProfile } from "@/lib/directory/people";
import { ProfileView } from "../_components/profile";

export default async function MyProfilePage() {
  const member = await requireMember();
  const person = await personProfile(await getDb(), member.organizationId, member.userId);
  if (!person) notFound();
  return <ProfileView person={person} title="My profile" />;
}
