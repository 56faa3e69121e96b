// The first edition as the seed report describes it (seed-docs/002): Taichung
// and Toulouse, the 2018–2019 timeline, the four smart-city themes, the
// incubators visited in Toulouse and Taichung's own programmes. Teams are fictional.

export const CITIES = [
  { id: "taichung", names: { en: "Taichung", fr: "Taichung", "zh-TW": "臺中" }, country: "TW", timeZone: "Asia/Taipei", locale: "zh-TW" },
  { id: "toulouse", names: { en: "Toulouse", fr: "Toulouse", "zh-TW": "土魯斯" }, country: "FR", timeZone: "Europe/Paris", locale: "fr" },
] as const;

export const DEMO_PROGRAM = {
  slug: "taichung-toulouse-2019",
  year: 2019,
  titles: { en: "Taichung–Toulouse startup exchange 2019", fr: "Échange de startups Taichung–Toulouse 2019", "zh-TW": "臺中－土魯斯新創交流計畫 2019" },
};

/** Local wall-clock windows in each city's own time zone (identical dates on both sides, as agreed). */
export const DEMO_WINDOWS: Record<string, { start: string; end: string; graceMinutes?: number }> = {
  topics: { start: "2018-07-01T00:00", end: "2018-12-31T23:59" },
  hosting: { start: "2019-01-01T00:00", end: "2019-03-31T23:59" },
  call: { start: "2019-04-01T09:00", end: "2019-05-31T23:59", graceMinutes: 15 },
  shortlist: { start: "2019-06-01T00:00", end: "2019-06-14T23:59" },
  picks: { start: "2019-06-15T00:00", end: "2019-06-24T23:59" },
  announcement: { start: "2019-06-25T00:00", end: "2019-06-30T23:59" },
  itinerary: { start: "2019-07-01T00:00", end: "2019-07-31T23:59" },
  preDeparture: { start: "2019-09-01T00:00", end: "2019-09-30T23:59" },
  exchange: { start: "2019-10-01T00:00", end: "2019-10-31T23:59" },
  reporting: { start: "2019-11-01T00:00", end: "2019-12-15T23:59" },
};

export const THEMES = [
  { city: "taichung", titles: { en: "Internet of Things", fr: "Internet des objets", "zh-TW": "物聯網" }, rationale: "Sensors and LPWAN networks (Sigfox test base in Taichung) for the smart city." },
  { city: "toulouse", titles: { en: "Artificial intelligence", fr: "Intelligence artificielle", "zh-TW": "人工智慧" }, rationale: "Applied AI for aerospace, mobility and public services." },
  { city: "taichung", titles: { en: "Smart manufacturing", fr: "Industrie intelligente", "zh-TW": "智慧製造" }, rationale: "Upgrading the Dadu Plateau precision-machinery belt to smart machinery and aerospace supply." },
  { city: "toulouse", titles: { en: "Big data", fr: "Données massives", "zh-TW": "大數據" }, rationale: "Open urban data and satellite data for city services." },
] as const;

export const HOSTING_RESOURCES = [
  { city: "toulouse", name: "AT HOME", kind: "incubator", address: "32 Rue des Marchands, 31000 Toulouse", capacity: 4, services: "Desks, meeting rooms, mentoring, community events", contact: "athome@demo.passerelle.test" },
  { city: "toulouse", name: "La Cantine", kind: "incubator", address: "Quai des Savoirs, 39 Allée Jules Guesde, 31400 Toulouse", capacity: 6, services: "Coworking, events, links to the Toulouse startup community", contact: "lacantine@demo.passerelle.test" },
  { city: "toulouse", name: "Le Village by CA", kind: "accelerator", address: "31 Allée Jules Guesde, 31400 Toulouse", capacity: 4, services: "Acceleration programme, corporate partners, bank and investor introductions", contact: "village@demo.passerelle.test" },
  { city: "toulouse", name: "IoT Valley", kind: "incubator", address: "425 Rue Jean Rostand, 31670 Labège", capacity: 6, services: "IoT incubation, prototyping lab, Sigfox ecosystem, office and living spaces", contact: "iotvalley@demo.passerelle.test" },
  { city: "taichung", name: "摘星青年・築夢臺中 創業基地", kind: "programme", address: "Taichung City (youth startup base, resident desks)", capacity: 6, services: "Resident desks, startup services platform, youth startup loans", contact: "startup-base@demo.passerelle.test" },
  { city: "taichung", name: "中台灣創客聚落", kind: "maker-hub", address: "Taichung City (Central Taiwan maker hub)", capacity: 4, services: "Maker space, prototyping equipment, precision-machinery partners", contact: "maker-hub@demo.passerelle.test" },
  { city: "taichung", name: "臺中市青年新創培育輔導計畫", kind: "programme", address: "Taichung City Economic Development Bureau", capacity: 8, services: "Mentoring, fundraising training, matchmaking with local industry", contact: "edb@demo.passerelle.test" },
] as const;

export interface DemoTeam {
  name: string;
  founded: number;
  website: string;
  sector: string;
  size: number;
  theme: number;
  title: string;
  summaryEn: string;
  summaryHome: string;
  product: string;
  traction: string;
  wants: string;
}

export const TEAMS: Record<"taichung" | "toulouse", DemoTeam[]> = {
  taichung: [
    { name: "精機智聯 PrecisionLink", founded: 2016, website: "https://precisionlink.demo.passerelle.test", sector: "Smart manufacturing", size: 12, theme: 2, title: "Predictive maintenance for CNC machine tools", summaryEn: "Retrofit sensors and an AI model that predict spindle failures on CNC machines two weeks ahead.", summaryHome: "以感測器與 AI 模型預測 CNC 工具機主軸故障，提前兩週預警。", product: "Edge sensor kit + cloud dashboard", traction: "14 factories in Taichung, NT$9M ARR", wants: "Meet aerospace suppliers around Toulouse" },
    { name: "綠能感測 GreenSense", founded: 2017, website: "https://greensense.demo.passerelle.test", sector: "IoT", size: 7, theme: 0, title: "LPWAN air-quality mesh for cities", summaryEn: "Low-power air-quality sensors on street lights, reporting over Sigfox and LoRa.", summaryHome: "裝設於路燈的低功耗空品感測網，透過 Sigfox 與 LoRa 回傳。", product: "Sensor node + open data API", traction: "Pilot with 300 nodes in Xitun District", wants: "IoT Valley residence, a French city pilot" },
    { name: "花漾導覽 Bloom Guide", founded: 2018, website: "https://bloomguide.demo.passerelle.test", sector: "AI / tourism", size: 5, theme: 1, title: "Multilingual AI guide for large events", summaryEn: "A chat and audio guide that answered 200,000 visitor questions at the 2018 Taichung Flora Expo.", summaryHome: "2018 臺中花博的多語 AI 導覽，回答了 20 萬則遊客提問。", product: "Conversational guide SDK", traction: "2 event contracts, 1 museum", wants: "French language data partners and event organisers" },
    { name: "大肚山數據 Dadu Data", founded: 2015, website: "https://dadudata.demo.passerelle.test", sector: "Big data", size: 18, theme: 3, title: "Supply-chain data exchange for machinery SMEs", summaryEn: "A shared data space that lets machinery SMEs trade capacity and parts data securely.", summaryHome: "讓中小型機械廠安全交換產能與零件資料的共享數據平台。", product: "Data-space platform", traction: "60 member companies", wants: "Links with French competitiveness clusters (Aerospace Valley)" },
    { name: "航太複材 AeroComposite Lab", founded: 2017, website: "https://aerocomposite.demo.passerelle.test", sector: "Aerospace", size: 9, theme: 2, title: "Automated inspection of composite parts", summaryEn: "Machine-vision inspection of carbon-fibre parts that cuts inspection time by 70%.", summaryHome: "以機器視覺檢測碳纖維複材零件，縮短七成檢驗時間。", product: "Inspection cell", traction: "Qualified by one tier-2 supplier", wants: "Airbus supplier introductions" },
    { name: "智慧停車 ParkWise", founded: 2016, website: "https://parkwise.demo.passerelle.test", sector: "Smart city", size: 11, theme: 0, title: "Curb-side parking sensing and payment", summaryEn: "Magnetic sensors and an app for on-street parking, deployed on 4,000 spaces.", summaryHome: "路邊停車地磁感測與行動支付，已布建 4,000 格。", product: "Sensors + app", traction: "4,000 spaces, 2 cities", wants: "A pilot with Toulouse Métropole" },
    { name: "銀髮照護 CareNest", founded: 2018, website: "https://carenest.demo.passerelle.test", sector: "Health", size: 6, theme: 1, title: "Fall detection without cameras", summaryEn: "Radar-based fall detection for elderly homes, privacy-preserving by design.", summaryHome: "以雷達偵測長者跌倒，不使用攝影機、保護隱私。", product: "Radar unit + alert service", traction: "120 homes", wants: "Clinical partners and CE marking advice" },
    { name: "水資源監測 AquaTrace", founded: 2017, website: "https://aquatrace.demo.passerelle.test", sector: "Environment", size: 8, theme: 3, title: "Leak detection in city water networks", summaryEn: "Acoustic loggers and analytics that locate leaks in water mains.", summaryHome: "以聲學記錄器與數據分析定位自來水管線漏水。", product: "Loggers + analytics", traction: "Water company pilot, 8% loss reduction", wants: "French utilities and investors" },
  ],
  toulouse: [
    { name: "AéroVision", founded: 2016, website: "https://aerovision.demo.passerelle.test", sector: "Aerospace", size: 14, theme: 1, title: "AI visual inspection of aircraft during turnaround", summaryEn: "Drones and computer vision that inspect an aircraft's skin in 20 minutes during turnaround.", summaryHome: "Drones et vision par ordinateur pour inspecter le fuselage en 20 minutes pendant l'escale.", product: "Drone + inspection software", traction: "2 airlines in trial", wants: "Taiwanese MRO and drone manufacturers" },
    { name: "Occitanie Robotics", founded: 2015, website: "https://occitanie-robotics.demo.passerelle.test", sector: "Smart manufacturing", size: 20, theme: 2, title: "Collaborative robots for small workshops", summaryEn: "Cobots that small workshops can program by demonstration in an afternoon.", summaryHome: "Des cobots que les petits ateliers programment par démonstration en un après-midi.", product: "Cobot + teaching software", traction: "45 units sold", wants: "Precision-machinery partners in Taichung" },
    { name: "SatFarm", founded: 2017, website: "https://satfarm.demo.passerelle.test", sector: "Big data", size: 9, theme: 3, title: "Satellite data for urban heat maps", summaryEn: "Heat-island maps from satellite imagery for city planners.", summaryHome: "Cartes d'îlots de chaleur à partir d'images satellites pour les urbanistes.", product: "Data platform", traction: "3 French cities", wants: "Asian city pilots" },
    { name: "CitéMobilité", founded: 2016, website: "https://citemobilite.demo.passerelle.test", sector: "Mobility", size: 12, theme: 0, title: "IoT counting of bikes and scooters", summaryEn: "Low-cost counters and an API for active-mobility planning.", summaryHome: "Compteurs à bas coût et API pour planifier les mobilités actives.", product: "Counters + API", traction: "900 counters installed", wants: "Taichung bike-sharing operators" },
    { name: "LoRaCité", founded: 2018, website: "https://loracite.demo.passerelle.test", sector: "IoT", size: 5, theme: 0, title: "Private LoRa networks for campuses", summaryEn: "Turnkey private LoRaWAN networks for universities and industrial campuses.", summaryHome: "Réseaux LoRaWAN privés clés en main pour campus universitaires et industriels.", product: "Gateways + network server", traction: "12 campuses", wants: "Hardware manufacturing partners" },
    { name: "Garonne Analytics", founded: 2015, website: "https://garonne.demo.passerelle.test", sector: "Big data", size: 16, theme: 3, title: "Flood forecasting from river sensors", summaryEn: "Hourly flood forecasts from river sensors and weather data.", summaryHome: "Prévisions de crues horaires à partir de capteurs fluviaux et de la météo.", product: "Forecasting service", traction: "Used by 2 river basins", wants: "Typhoon-season data partners in Taiwan" },
    { name: "NeuroLingua", founded: 2017, website: "https://neurolingua.demo.passerelle.test", sector: "AI", size: 7, theme: 1, title: "Speech AI for customer service in small languages", summaryEn: "Speech recognition trained for regional accents and small languages.", summaryHome: "Reconnaissance vocale entraînée pour les accents régionaux et les langues peu dotées.", product: "Speech API", traction: "4 call centres", wants: "Mandarin and Taiwanese Hokkien data partners" },
    { name: "Usine Claire", founded: 2018, website: "https://usineclaire.demo.passerelle.test", sector: "Smart manufacturing", size: 6, theme: 2, title: "Energy monitoring for factories", summaryEn: "Clip-on energy meters and a dashboard that cut factory energy use by 12%.", summaryHome: "Compteurs d'énergie à pince et tableau de bord : −12 % de consommation en usine.", product: "Meters + dashboard", traction: "30 factories", wants: "Taiwanese machine-tool makers" },
  ],
};
