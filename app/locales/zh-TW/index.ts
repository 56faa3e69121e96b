import applicant from "./applicant.ts";
import auth from "./auth.ts";
import common from "./common.ts";
import mail from "./mail.ts";
import review from "./review.ts";
import roles from "./roles.ts";
import program from "./program.ts";
import timeline from "./timeline.ts";
import coordConsole from "./console.ts";
import itinerary from "./itinerary.ts";
import predepartureResults from "./predeparture-results.ts";

const catalogue = { ...common, ...auth, ...roles, ...mail, ...timeline, ...program, ...applicant, ...review, ...itinerary, ...predepartureResults, ...coordConsole };
export type Catalogue = typeof catalogue;
export default catalogue;
