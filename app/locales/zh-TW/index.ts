import auth from "./auth.ts";
import common from "./common.ts";
import mail from "./mail.ts";
import roles from "./roles.ts";

const catalogue = { ...common, ...auth, ...roles, ...mail };
export type Catalogue = typeof catalogue;
export default catalogue;
