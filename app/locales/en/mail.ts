export default {
  mail: {
    welcome: {
      subject: "Welcome to Passerelle",
      body: "Hello {{name}},\n\nYour Passerelle account is ready. Create your team and prepare your proposal here:\n{{url}}\n\n— The Passerelle team",
    },
    "account-exists": {
      subject: "Someone tried to create an account with your address",
      body: "Hello,\n\nSomeone tried to create a Passerelle account with this e-mail address, which already has one. If it was you, sign in or reset your password:\n{{url}}\n\nIf it was not you, you can ignore this message.",
    },
    "password-reset": {
      subject: "Reset your Passerelle password",
      body: "Hello {{name}},\n\nTo choose a new password, open this link within one hour. It works only once:\n{{url}}\n\nIf you did not ask for this, ignore this message: your password stays the same.",
    },
    "invitation-coordinator": {
      subject: "You are invited to coordinate {{city}} in {{program}}",
      body: "Hello,\n\n{{inviter}} invites you to coordinate {{city}} in “{{program}}” on Passerelle. Accept within 14 days:\n{{url}}",
    },
    "invitation-reviewer": {
      subject: "Join the review panel of {{city}} — {{program}}",
      body: "Hello,\n\n{{inviter}} invites you to the review panel of {{city}} in “{{program}}” on Passerelle. Accept within 14 days:\n{{url}}",
    },
    "invitation-team-member": {
      subject: "{{inviter}} invites you to their startup team on Passerelle",
      body: "Hello,\n\n{{inviter}} invites you to join their team on Passerelle and share its proposals. Accept within 14 days:\n{{url}}",
    },
  },
};
