export default {
  auth: {
    fields: {
      name: "Nom complet",
      email: "Adresse e-mail",
      password: "Mot de passe",
      newPassword: "Nouveau mot de passe",
      passwordHint: "Au moins 8 caractères.",
      timeZone: "Votre fuseau horaire",
    },
    signUp: {
      title: "Créer votre compte",
      intro: "Les équipes de startups créent un compte pour répondre à un appel à candidatures. Les évaluateurs et les coordinateurs sont invités par leur programme.",
      submit: "Créer le compte",
      haveAccount: "Vous avez déjà un compte ?",
    },
    signIn: {
      title: "Connexion",
      submit: "Se connecter",
      forgot: "Mot de passe oublié ?",
      noAccount: "Créer un compte",
    },
    forgot: {
      title: "Réinitialiser votre mot de passe",
      intro: "Saisissez votre adresse e-mail. Si un compte y est associé, nous vous envoyons un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une seule fois, pendant une heure.",
      submit: "Envoyer le lien",
      sent: "Si un compte existe pour cette adresse, un lien est en route. Consultez votre boîte de réception.",
    },
    reset: {
      title: "Choisir un nouveau mot de passe",
      submit: "Enregistrer le nouveau mot de passe",
      done: "Votre mot de passe a été modifié. Vos autres appareils ont été déconnectés.",
    },
  },
  settings: {
    title: "Paramètres du compte",
    saved: "Vos paramètres ont été enregistrés.",
    language: "Langue",
    save: "Enregistrer les paramètres",
    sessions: {
      title: "Appareils connectés",
      body: "Déconnectez ce compte de tous les navigateurs et appareils où il est connecté, y compris celui-ci.",
      signOutEverywhere: "Se déconnecter partout",
    },
  },
  invitation: {
    title: "Invitation",
    forEmail: "Invitation pour {{email}}",
    accept: "Accepter l’invitation",
    signInToAccept: "Se connecter pour accepter",
    createAndAccept: "Créer mon compte et accepter",
    kind: {
      coordinator: "Vous avez reçu une invitation à coordonner {{city}} dans le programme « {{program}} ».",
      reviewer: "Vous avez reçu une invitation à rejoindre le jury d’évaluation de {{city}} dans le programme « {{program}} ».",
      "team-member": "Vous avez reçu une invitation à rejoindre l’équipe {{team}}.",
    },
  },
};
