export default {
  auth: {
    fields: {
      name: "姓名",
      email: "電子郵件地址",
      password: "密碼",
      newPassword: "新密碼",
      passwordHint: "至少 8 個字元。",
      timeZone: "您的時區",
    },
    signUp: {
      title: "建立帳號",
      intro: "新創團隊須建立帳號才能參加徵件。評審與協調人則由所屬計畫邀請加入。",
      submit: "建立帳號",
      haveAccount: "已經有帳號了嗎？",
    },
    signIn: {
      title: "登入",
      submit: "登入",
      forgot: "忘記密碼？",
      noAccount: "建立帳號",
    },
    forgot: {
      title: "重設密碼",
      intro: "請輸入您的電子郵件地址。若此地址已有帳號，我們會寄送一個設定新密碼的連結。連結僅能使用一次，有效時間為一小時。",
      submit: "寄送連結",
      sent: "若此地址已有帳號，連結已經寄出，請查看您的收件匣。",
    },
    reset: {
      title: "設定新密碼",
      submit: "儲存新密碼",
      done: "您的密碼已變更，其他裝置均已登出。",
    },
  },
  settings: {
    title: "帳號設定",
    saved: "已儲存您的設定。",
    language: "語言",
    save: "儲存設定",
    sessions: {
      title: "已登入的裝置",
      body: "將此帳號從所有已登入的瀏覽器與裝置登出，包括目前這一台。",
      signOutEverywhere: "登出所有裝置",
    },
  },
  invitation: {
    title: "邀請",
    forEmail: "寄給 {{email}} 的邀請",
    accept: "接受邀請",
    signInToAccept: "登入以接受邀請",
    createAndAccept: "建立帳號並接受邀請",
    kind: {
      coordinator: "您受邀擔任「{{program}}」{{city}}的協調人。",
      reviewer: "您受邀加入「{{program}}」{{city}}的評審團。",
      "team-member": "您受邀加入團隊「{{team}}」。",
    },
  },
};
