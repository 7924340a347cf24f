import { Models, SPDX } from '@cyclonedx/cyclonedx-library';

/** An SPDX id when the library knows it, an expression when it reads like one, else a named licence. */
export function licenseModel(value: string): Models.License {
  const id = SPDX.fixupSpdxId(value);
  if (id !== undefined && SPDX.isSupportedSpdxId(id)) return new Models.SpdxLicense(id);
  if (/\s(AND|OR|WITH)\s/.test(value)) return new Models.LicenseExpression(value);
  return new Models.NamedLicense(value);
}
