import { createContext, type RouterContextProvider } from "react-router";
import type { User } from "../../db/schema.ts";

export interface AuthState {
  user: User;
  sessionId: string;
}

export const authContext = createContext<AuthState | null>(null);

export function currentUser(context: Readonly<RouterContextProvider>): User | null {
  return context.get(authContext)?.user ?? null;
}
