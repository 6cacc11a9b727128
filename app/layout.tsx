import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "Roster", description: "People directory synced from BambooHR" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
