export default {
  auth: {
    fields: {
      name: "Full name",
      email: "E-mail address",
      password: "Password",
      newPassword: "New password",
      passwordHint: "At least 8 characters.",
      timeZone: "Your time zone",
    },
    signUp: {
      title: "Create your account",
      intro: "Startup teams create an account to join a call. Reviewers and coordinators are invited by their programme.",
      submit: "Create account",
      haveAccount: "Already have an account?",
    },
    signIn: {
      title: "Sign in",
      submit: "Sign in",
      forgot: "Forgot your password?",
      noAccount: "Create an account",
    },
    forgot: {
      title: "Reset your password",
      intro: "Enter your e-mail address. If it has an account, we send a link to choose a new password. The link works once, for one hour.",
      submit: "Send the link",
      sent: "If an account exists for this address, a link is on its way. Check your inbox.",
    },
    reset: {
      title: "Choose a new password",
      submit: "Save the new password",
      done: "Your password was changed. Other devices were signed out.",
    },
  },
  settings: {
    title: "Account settings",
    saved: "Your settings were saved.",
    language: "Language",
    save: "Save settings",
    sessions: {
      title: "Signed-in devices",
      body: "Sign out of every browser and device where this account is signed in, including this one.",
      signOutEverywhere: "Sign out everywhere",
    },
  },
  invitation: {
    title: "Invitation",
    forEmail: "Invitation for {{email}}",
    accept: "Accept the invitation",
    signInToAccept: "Sign in to accept",
    createAndAccept: "Create my account and accept",
    kind: {
      coordinator: "You are invited to coordinate {{city}} in “{{program}}”.",
      reviewer: "You are invited to join the review panel of {{city}} in “{{program}}”.",
      "team-member": "You are invited to join the team {{team}}.",
    },
  },
};
