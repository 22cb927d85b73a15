// A service's INVALID_ARGUMENT shown on the form's own fields: each field it names, in the
// language in use (the service's words when the console has none). Other errors are the caller's.
import type { FormInstance } from "antd";
import { ApiError } from "./api";

/** `fields` maps the service's field name to the form's; true when the error was shown on fields. */
export function showOnFields(form: FormInstance, caught: unknown, fields: Record<string, string>, t: (key: string) => string): boolean {
  if (!(caught instanceof ApiError) || caught.code !== "INVALID_ARGUMENT") return false;
  const shown = caught.fields
    .filter((f) => fields[f.field])
    .map((f) => {
      const known = t(`queue.fields.${f.field}`);
      return { name: fields[f.field] as string, errors: [known.startsWith("queue.") ? f.problem : known] };
    });
  form.setFields(shown);
  return shown.length > 0;
}
