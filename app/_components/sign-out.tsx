import { signOut } from "@/lib/auth/config";

/** Sign out: the session ends on the server (a copy of its cookie opens nothing afterwards). */
export function SignOutButton({ className = "" }: { className?: string }) {
  return (
    <form
      className={className}
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/login" });
      }}
    >
      <button type="submit" className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}
