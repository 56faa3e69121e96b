import { data } from "react-router";

// Every unknown URL lands here, so the i18n middleware has run and the 404 is translated.
export function loader() {
  throw data({ reason: "not-found" }, { status: 404 });
}

export default function NotFound() {
  return null;
}
