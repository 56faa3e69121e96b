export default {
  mail: {
    welcome: {
      subject: "歡迎使用 Passerelle",
      body: "{{name}} 您好：\n\n您的 Passerelle 帳號已準備就緒。請由此建立您的團隊並準備提案：\n{{url}}\n\nPasserelle 團隊 敬上",
    },
    "account-exists": {
      subject: "有人嘗試以您的電子郵件地址建立帳號",
      body: "您好：\n\n有人嘗試以此電子郵件地址建立 Passerelle 帳號，但此地址已有帳號。若是您本人，請登入或重設密碼：\n{{url}}\n\n若非您本人操作，請忽略此郵件。",
    },
    "password-reset": {
      subject: "重設您的 Passerelle 密碼",
      body: "{{name}} 您好：\n\n如需設定新密碼，請於一小時內開啟以下連結。此連結僅能使用一次：\n{{url}}\n\n若您並未提出此申請，請忽略此郵件，您的密碼將維持不變。",
    },
    "invitation-coordinator": {
      subject: "邀請您擔任「{{program}}」{{city}}協調人",
      body: "您好：\n\n{{inviter}} 邀請您在 Passerelle 上擔任「{{program}}」{{city}}的協調人。請於 14 天內接受邀請：\n{{url}}",
    },
    "invitation-reviewer": {
      subject: "邀請您加入{{city}}評審團——{{program}}",
      body: "您好：\n\n{{inviter}} 邀請您在 Passerelle 上加入「{{program}}」{{city}}的評審團。請於 14 天內接受邀請：\n{{url}}",
    },
    "invitation-team-member": {
      subject: "{{inviter}} 邀請您加入其在 Passerelle 上的新創團隊",
      body: "您好：\n\n{{inviter}} 邀請您加入其在 Passerelle 上的團隊，共同參與團隊提案。請於 14 天內接受邀請：\n{{url}}",
    },
  },
};
