"use client";

import { PageError } from "@/app/_components/page-error";

export default function ErrorPage() {
  return <PageError />;
}
