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
    "call-reminder": {
      subject: "Reminder: your proposal “{{proposal}}” is not submitted yet",
      body: "Hello,\n\nThe call of “{{program}}” closes on {{deadline}} ({{cityDeadline}} in the host city's time). Your proposal “{{proposal}}” is still a draft: submit it before the deadline.",
    },
    "program-topics-agreed": {
      subject: "{{program}}: the topics are agreed",
      body: "Both cities approved the same topic list for “{{program}}”. The next stage, hosting resources, has started.\n{{url}}",
    },
    "program-call-opened": {
      subject: "{{program}}: your city's call is open",
      body: "The call for startup teams of “{{program}}” is now open in your city.\n{{url}}",
    },
    "program-partner-shortlist-ready": {
      subject: "{{program}}: the partner city's shortlist is ready",
      body: "Both shortlists are locked. Your panel can now review the partner city's 5 teams and pick 2.\n{{url}}",
    },
    "program-program-cancelled": {
      subject: "{{program}} was cancelled",
      body: "The programme “{{program}}” was cancelled. The reason is on the timeline:\n{{url}}",
    },
    "program-results-published": {
      subject: "{{program}}: the results are published",
      body: "The selected teams of “{{program}}” are now on the public page. Itinerary planning starts.\n{{url}}",
    },
    "application-submission-receipt": {
      subject: "Received: “{{proposal}}”",
      body: "Hello {{name}},\n\nWe received the proposal “{{proposal}}” of {{team}} for “{{program}}”. You can still edit it until the call closes; each version is kept.\n{{url}}\n\nA copy of what you submitted:\n\n{{copy}}",
    },
    "review-reminder": {
      subject: "{{program}}: {{count}} review(s) still to submit",
      body: "Hello,\n\nYou still have {{count}} review(s) to submit for “{{program}}”. Your panel's stage ends on {{deadline}}.\n{{url}}",
    },
    "offer-reminder": {
      subject: "Reminder: answer your offer for “{{program}}”",
      body: "Hello,\n\nYour offer for “{{program}}” (“{{proposal}}”) is still waiting for your answer. It lapses on {{deadline}}. Accept or decline here:\n{{url}}",
    },
    "application-withdrawn": {
      subject: "Withdrawn: “{{proposal}}”",
      body: "Hello {{name}},\n\nThe proposal “{{proposal}}” of {{team}} was withdrawn from “{{program}}”.\n{{url}}",
    },
    "application-ineligible": {
      subject: "“{{proposal}}” is not eligible",
      body: "Hello {{name}},\n\nAfter screening, the proposal “{{proposal}}” cannot take part in “{{program}}”. The reason is on your application page:\n{{url}}",
    },
    "application-shortlisted": {
      subject: "Shortlisted: “{{proposal}}”",
      body: "Hello {{name}},\n\n{{team}} is on your city's shortlist of 5 for “{{program}}”. The partner city will now pick its 2 finalists.\n{{url}}",
    },
    "application-not-shortlisted": {
      subject: "“{{proposal}}” was not shortlisted",
      body: "Hello {{name}},\n\nThank you for applying to “{{program}}”. The panel did not shortlist “{{proposal}}” this time. The panel's comments for you are on your application page:\n{{url}}",
    },
    "application-offer": {
      subject: "Action required: your offer for “{{program}}”",
      body: "Hello {{name}},\n\n{{team}} was selected by the partner city for “{{program}}”. Accept or decline the offer before its deadline:\n{{url}}",
    },
    "application-reserve": {
      subject: "{{team}} is on the reserve list",
      body: "Hello {{name}},\n\n{{team}} is on the reserve list of “{{program}}”. If a selected team declines, you may be offered its place.\n{{url}}",
    },
    "application-not-selected": {
      subject: "“{{proposal}}” was not selected",
      body: "Hello {{name}},\n\nThe partner city did not select “{{proposal}}” for “{{program}}”. Thank you for taking part.\n{{url}}",
    },
    "application-offer-accepted": {
      subject: "{{proposal}}: offer accepted",
      body: "The team of “{{proposal}}” accepted its place in “{{program}}”. Itinerary planning can include it.\n{{url}}",
    },
    "application-offer-declined": {
      subject: "{{proposal}}: offer declined",
      body: "The offer for “{{proposal}}” in “{{program}}” was declined. If you host this team, promote a reserve:\n{{url}}",
    },
    "application-offer-expired": {
      subject: "{{proposal}}: offer expired",
      body: "The offer for “{{proposal}}” in “{{program}}” expired without an answer. If you host this team, promote a reserve:\n{{url}}",
    },
    "application-dropped-out": {
      subject: "{{proposal}}: the team dropped out",
      body: "The team of “{{proposal}}” dropped out of “{{program}}”. Promote a reserve if the itinerary allows it:\n{{url}}",
    },
    "application-report-received": {
      subject: "{{proposal}}: report received",
      body: "The post-exchange report of “{{proposal}}” for “{{program}}” was submitted.\n{{url}}",
    },
    "itinerary-changed": {
      subject: "Itinerary changed: {{team}}",
      body: "Hello {{name}},\n\nThe itinerary of {{team}} for “{{program}}” has changed ({{item}}). See the latest version, in local time and in yours:\n{{url}}",
    },
    "predeparture-meeting": {
      subject: "Pre-departure meeting for {{team}}: {{when}}",
      body: "Hello {{name}},\n\nYour city's pre-departure meeting for “{{program}}” is on {{when}}.\nWhere: {{where}}\n\nAgenda:\n{{agenda}}\n\nPlease fill in your team's pre-departure checklist before the meeting:\n{{url}}",
    },
  },
};
