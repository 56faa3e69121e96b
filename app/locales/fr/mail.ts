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
    "call-reminder": {
      subject: "Rappel : votre proposition « {{proposal}} » n’est pas encore soumise",
      body: "Bonjour,\n\nL’appel à candidatures du programme « {{program}} » se clôt le {{deadline}} ({{cityDeadline}}, heure de la ville d’accueil). Votre proposition « {{proposal}} » est encore à l’état de brouillon : soumettez-la avant la date limite.",
    },
    "program-topics-agreed": {
      subject: "{{program}} : les thématiques sont arrêtées",
      body: "Les deux villes ont approuvé la même liste de thématiques pour « {{program}} ». L’étape suivante, les ressources d’accueil, a commencé.\n{{url}}",
    },
    "program-call-opened": {
      subject: "{{program}} : l’appel à candidatures de votre ville est ouvert",
      body: "L’appel à candidatures pour les équipes de startups du programme « {{program}} » est désormais ouvert dans votre ville.\n{{url}}",
    },
    "program-partner-shortlist-ready": {
      subject: "{{program}} : la présélection de la ville partenaire est prête",
      body: "Les deux présélections sont verrouillées. Votre jury peut maintenant évaluer les 5 équipes de la ville partenaire et en choisir 2.\n{{url}}",
    },
    "program-program-cancelled": {
      subject: "{{program}} a été annulé",
      body: "Le programme « {{program}} » a été annulé. Le motif figure dans le calendrier :\n{{url}}",
    },
    "program-results-published": {
      subject: "{{program}} : les résultats sont publiés",
      body: "Les équipes sélectionnées du programme « {{program}} » figurent désormais sur la page publique. La préparation des itinéraires commence.\n{{url}}",
    },
    "application-submission-receipt": {
      subject: "Accusé de réception : « {{proposal}} »",
      body: "Bonjour {{name}},\n\nNous avons bien reçu la proposition « {{proposal}} » de {{team}} pour le programme « {{program}} ». Vous pouvez encore la modifier jusqu’à la clôture de l’appel ; chaque version est conservée.\n{{url}}\n\nCopie de ce que vous avez soumis :\n\n{{copy}}",
    },
    "review-reminder": {
      subject: "{{program}} : {{count}} évaluation(s) encore à soumettre",
      body: "Bonjour,\n\nIl vous reste {{count}} évaluation(s) à soumettre pour « {{program}} ». L’étape de votre jury se termine le {{deadline}}.\n{{url}}",
    },
    "offer-reminder": {
      subject: "Rappel : répondez à votre offre pour « {{program}} »",
      body: "Bonjour,\n\nVotre offre pour « {{program}} » (« {{proposal}} ») attend toujours votre réponse. Elle expire le {{deadline}}. Acceptez-la ou déclinez-la ici :\n{{url}}",
    },
    "application-withdrawn": {
      subject: "Retrait : « {{proposal}} »",
      body: "Bonjour {{name}},\n\nLa proposition « {{proposal}} » de {{team}} a été retirée du programme « {{program}} ».\n{{url}}",
    },
    "application-ineligible": {
      subject: "« {{proposal}} » n’est pas éligible",
      body: "Bonjour {{name}},\n\nAprès vérification, la proposition « {{proposal}} » ne peut pas participer au programme « {{program}} ». Le motif figure sur votre page de candidature :\n{{url}}",
    },
    "application-shortlisted": {
      subject: "Présélection : « {{proposal}} »",
      body: "Bonjour {{name}},\n\n{{team}} figure parmi les 5 équipes présélectionnées par votre ville pour le programme « {{program}} ». La ville partenaire va maintenant choisir ses 2 finalistes.\n{{url}}",
    },
    "application-not-shortlisted": {
      subject: "« {{proposal}} » n’a pas été présélectionnée",
      body: "Bonjour {{name}},\n\nMerci d’avoir candidaté au programme « {{program}} ». Le jury n’a pas présélectionné « {{proposal}} » cette fois-ci. Les commentaires du jury à votre intention figurent sur votre page de candidature :\n{{url}}",
    },
    "application-offer": {
      subject: "Action requise : votre offre pour « {{program}} »",
      body: "Bonjour {{name}},\n\n{{team}} a été sélectionnée par la ville partenaire pour le programme « {{program}} ». Acceptez ou déclinez l’offre avant sa date limite :\n{{url}}",
    },
    "application-reserve": {
      subject: "{{team}} est sur liste d’attente",
      body: "Bonjour {{name}},\n\n{{team}} figure sur la liste d’attente du programme « {{program}} ». Si une équipe sélectionnée se désiste, sa place pourrait vous être proposée.\n{{url}}",
    },
    "application-not-selected": {
      subject: "« {{proposal}} » n’a pas été retenue",
      body: "Bonjour {{name}},\n\nLa ville partenaire n’a pas retenu « {{proposal}} » pour le programme « {{program}} ». Merci pour votre participation.\n{{url}}",
    },
    "application-offer-accepted": {
      subject: "{{proposal}} : offre acceptée",
      body: "L’équipe de « {{proposal}} » a accepté sa place dans le programme « {{program}} ». Elle peut être intégrée à la préparation des itinéraires.\n{{url}}",
    },
    "application-offer-declined": {
      subject: "{{proposal}} : offre déclinée",
      body: "L’offre pour « {{proposal}} » dans le programme « {{program}} » a été déclinée. Si vous accueillez cette équipe, repêchez une équipe de la liste d’attente :\n{{url}}",
    },
    "application-offer-expired": {
      subject: "{{proposal}} : offre expirée",
      body: "L’offre pour « {{proposal}} » dans le programme « {{program}} » a expiré sans réponse. Si vous accueillez cette équipe, repêchez une équipe de la liste d’attente :\n{{url}}",
    },
    "application-dropped-out": {
      subject: "{{proposal}} : l’équipe s’est désistée",
      body: "L’équipe de « {{proposal}} » s’est désistée du programme « {{program}} ». Repêchez une équipe de la liste d’attente si l’itinéraire le permet :\n{{url}}",
    },
    "application-report-received": {
      subject: "{{proposal}} : rapport reçu",
      body: "Le rapport de fin d’échange de « {{proposal}} » pour le programme « {{program}} » a été soumis.\n{{url}}",
    },
    "itinerary-changed": {
      subject: "Itinéraire modifié : {{team}}",
      body: "Bonjour {{name}},\n\nL’itinéraire de {{team}} pour « {{program}} » a changé ({{item}}). Consultez la dernière version, en heure locale et dans la vôtre :\n{{url}}",
    },
    "predeparture-meeting": {
      subject: "Réunion de préparation au départ pour {{team}} : {{when}}",
      body: "Bonjour {{name}},\n\nLa réunion de préparation au départ organisée par votre ville pour « {{program}} » aura lieu le {{when}}.\nLieu : {{where}}\n\nOrdre du jour :\n{{agenda}}\n\nMerci de remplir la liste de préparation au départ de votre équipe avant la réunion :\n{{url}}",
    },
  },
};
