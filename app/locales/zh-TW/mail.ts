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
    "call-reminder": {
      subject: "提醒：您的提案「{{proposal}}」尚未送出",
      body: "您好：\n\n「{{program}}」的徵件將於 {{deadline}}（接待城市時間 {{cityDeadline}}）截止。您的提案「{{proposal}}」仍為草稿，請於截止前送出。",
    },
    "program-topics-agreed": {
      subject: "「{{program}}」：主題已達成共識",
      body: "兩座城市已核准「{{program}}」的同一份主題清單。下一階段「接待資源」已開始。\n{{url}}",
    },
    "program-call-opened": {
      subject: "「{{program}}」：貴市徵件已開始",
      body: "「{{program}}」的新創團隊徵件現已在貴市開放。\n{{url}}",
    },
    "program-partner-shortlist-ready": {
      subject: "「{{program}}」：夥伴城市的入圍名單已備妥",
      body: "兩份入圍名單皆已鎖定。貴市評審團現在可以審查夥伴城市的 5 隊入圍團隊，並從中選出 2 隊。\n{{url}}",
    },
    "program-program-cancelled": {
      subject: "「{{program}}」已取消",
      body: "計畫「{{program}}」已取消。取消原因請見時程頁面：\n{{url}}",
    },
    "program-results-published": {
      subject: "「{{program}}」：結果已公布",
      body: "「{{program}}」的獲選團隊現已公布於公開頁面。行程規劃即將開始。\n{{url}}",
    },
    "application-submission-receipt": {
      subject: "收件確認：「{{proposal}}」",
      body: "{{name}} 您好：\n\n我們已收到 {{team}} 為「{{program}}」提交的提案「{{proposal}}」。徵件截止前您仍可修改，每個版本都會保留。\n{{url}}\n\n以下為您提交內容的副本：\n\n{{copy}}",
    },
    "review-reminder": {
      subject: "「{{program}}」：尚有 {{count}} 份評審待送出",
      body: "您好：\n\n您在「{{program}}」尚有 {{count}} 份評審待送出。貴評審團的本階段將於 {{deadline}} 結束。\n{{url}}",
    },
    "offer-reminder": {
      subject: "提醒：請回覆「{{program}}」的錄取通知",
      body: "您好：\n\n您在「{{program}}」的錄取通知（「{{proposal}}」）仍在等候您的回覆，將於 {{deadline}} 逾期。請由此接受或婉拒：\n{{url}}",
    },
    "application-withdrawn": {
      subject: "已撤回：「{{proposal}}」",
      body: "{{name}} 您好：\n\n{{team}} 的提案「{{proposal}}」已自「{{program}}」撤回。\n{{url}}",
    },
    "application-ineligible": {
      subject: "「{{proposal}}」資格不符",
      body: "{{name}} 您好：\n\n經資格審查，提案「{{proposal}}」無法參加「{{program}}」。原因請見您的申請頁面：\n{{url}}",
    },
    "application-shortlisted": {
      subject: "入圍通知：「{{proposal}}」",
      body: "{{name}} 您好：\n\n{{team}} 已列入貴市「{{program}}」的 5 隊入圍名單。接下來將由夥伴城市選出 2 隊決選團隊。\n{{url}}",
    },
    "application-not-shortlisted": {
      subject: "「{{proposal}}」未入圍",
      body: "{{name}} 您好：\n\n感謝您申請「{{program}}」。此次評審團未將「{{proposal}}」列入入圍名單。評審團給您的意見請見您的申請頁面：\n{{url}}",
    },
    "application-offer": {
      subject: "請回覆：您在「{{program}}」的錄取通知",
      body: "{{name}} 您好：\n\n{{team}} 已獲夥伴城市選中參加「{{program}}」。請於期限前接受或婉拒錄取：\n{{url}}",
    },
    "application-reserve": {
      subject: "{{team}} 已列入備取名單",
      body: "{{name}} 您好：\n\n{{team}} 已列入「{{program}}」的備取名單。若有獲選團隊婉拒，您可能會獲得遞補名額。\n{{url}}",
    },
    "application-not-selected": {
      subject: "「{{proposal}}」未獲選",
      body: "{{name}} 您好：\n\n夥伴城市此次未選中「{{proposal}}」參加「{{program}}」。感謝您的參與。\n{{url}}",
    },
    "application-offer-accepted": {
      subject: "「{{proposal}}」：已接受錄取",
      body: "「{{proposal}}」團隊已接受「{{program}}」的名額。行程規劃可納入此團隊。\n{{url}}",
    },
    "application-offer-declined": {
      subject: "「{{proposal}}」：已婉拒錄取",
      body: "「{{proposal}}」在「{{program}}」的錄取已遭婉拒。若此團隊由貴市接待，請遞補一隊備取團隊：\n{{url}}",
    },
    "application-offer-expired": {
      subject: "「{{proposal}}」：錄取通知已逾期",
      body: "「{{proposal}}」在「{{program}}」的錄取通知已逾期未回覆。若此團隊由貴市接待，請遞補一隊備取團隊：\n{{url}}",
    },
    "application-dropped-out": {
      subject: "「{{proposal}}」：團隊已退出",
      body: "「{{proposal}}」團隊已退出「{{program}}」。若行程允許，請遞補一隊備取團隊：\n{{url}}",
    },
    "application-report-received": {
      subject: "「{{proposal}}」：已收到報告",
      body: "「{{proposal}}」已繳交「{{program}}」的交流後成果報告。\n{{url}}",
    },
    "itinerary-changed": {
      subject: "行程已更新：{{team}}",
      body: "{{name}} 您好：\n\n{{team}} 在「{{program}}」的行程已更新（{{item}}）。請查看最新版本（當地時間與您的時區）：\n{{url}}",
    },
    "predeparture-meeting": {
      subject: "{{team}}行前會議：{{when}}",
      body: "{{name}} 您好：\n\n貴市「{{program}}」的行前會議將於 {{when}} 舉行。\n地點：{{where}}\n\n議程：\n{{agenda}}\n\n請於會議前填寫貴團隊的行前檢核表：\n{{url}}",
    },
  },
};
