export default {
  mail: {
    welcome: {
      subject: "Bienvenue sur Passerelle",
      body: "Bonjour {{name}},\n\nVotre compte Passerelle est prêt. Créez votre équipe et préparez votre proposition ici :\n{{url}}\n\n— L’équipe Passerelle",
    },
    "account-exists": {
      subject: "Quelqu’un a essayé de créer un compte avec votre adresse",
      body: "Bonjour,\n\nQuelqu’un a essayé de créer un compte Passerelle avec cette adresse e-mail, qui en possède déjà un. Si c’était vous, connectez-vous ou réinitialisez votre mot de passe :\n{{url}}\n\nSi ce n’était pas vous, vous pouvez ignorer ce message.",
    },
    "password-reset": {
      subject: "Réinitialisez votre mot de passe Passerelle",
      body: "Bonjour {{name}},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans l’heure. Il ne fonctionne qu’une seule fois :\n{{url}}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
    },
    "invitation-coordinator": {
      subject: "Invitation à coordonner {{city}} pour {{program}}",
      body: "Bonjour,\n\n{{inviter}} vous invite à coordonner {{city}} dans le programme « {{program}} » sur Passerelle. Acceptez l’invitation sous 14 jours :\n{{url}}",
    },
    "invitation-reviewer": {
      subject: "Rejoignez le jury d’évaluation de {{city}} — {{program}}",
      body: "Bonjour,\n\n{{inviter}} vous invite à rejoindre le jury d’évaluation de {{city}} dans le programme « {{program}} » sur Passerelle. Acceptez l’invitation sous 14 jours :\n{{url}}",
    },
    "invitation-team-member": {
      subject: "{{inviter}} vous invite à rejoindre son équipe de startup sur Passerelle",
      body: "Bonjour,\n\n{{inviter}} vous invite à rejoindre son équipe sur Passerelle et à partager ses propositions. Acceptez l’invitation sous 14 jours :\n{{url}}",
    },
  },
};
