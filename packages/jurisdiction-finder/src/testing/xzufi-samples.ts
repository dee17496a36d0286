/**
 * XZuFi 2.2 messages for tests: a well-formed one with a Leistung, an Organisationseinheit
 * with its Zuständigkeit, an Onlinedienst and a ZustaendigkeitTransferObjekt, for the
 * fictional Musterland areas of `fixtureData()`; and broken variants.
 */
export const fixtureXzufi = `<?xml version="1.0" encoding="UTF-8"?>
<xzufi:xzufi.schreibe.0201 xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0" xzufiVersion="2.2.0">
  <xzufi:nachrichtenkopf>
    <xzufi:erstellungszeitpunkt>2026-11-20T10:00:00</xzufi:erstellungszeitpunkt>
  </xzufi:nachrichtenkopf>
  <xzufi:transaktionID>fixture-1</xzufi:transaktionID>
  <xzufi:schreibe>
    <xzufi:leistung>
      <xzufi:id schemeAgencyID="L999999">4711</xzufi:id>
      <xzufi:referenzLeiKa><code>99050012104000</code></xzufi:referenzLeiKa>
      <xzufi:modulText>
        <xzufi:leikaTextmodul><code>02</code></xzufi:leikaTextmodul>
        <xzufi:inhalt languageCode="de">Gewerbe anmelden</xzufi:inhalt>
        <xzufi:inhalt languageCode="en">Register a business</xzufi:inhalt>
      </xzufi:modulText>
      <xzufi:modulText>
        <xzufi:leikaTextmodul><code>04</code></xzufi:leikaTextmodul>
        <xzufi:inhalt languageCode="de">Wer ein Gewerbe beginnt, zeigt es an.</xzufi:inhalt>
      </xzufi:modulText>
      <xzufi:suchbegriff>Gewerbeschein</xzufi:suchbegriff>
      <xzufi:suchbegriff>Firma gründen</xzufi:suchbegriff>
    </xzufi:leistung>
  </xzufi:schreibe>
  <xzufi:schreibe>
    <xzufi:organisationseinheit>
      <xzufi:id schemeAgencyID="L999999">OE.100</xzufi:id>
      <xzufi:name><xzufi:name languageCode="de">Gewerbeamt Exempelstadt (fiktiv)</xzufi:name></xzufi:name>
      <xzufi:anschrift>
        <xzufi:typ><code>002</code></xzufi:typ>
        <xzufi:strasse>Rathausstraße</xzufi:strasse>
        <xzufi:hausnummer>5</xzufi:hausnummer>
        <xzufi:postleitzahl>99902</xzufi:postleitzahl>
        <xzufi:ort>Exempelstadt</xzufi:ort>
      </xzufi:anschrift>
      <xzufi:kommunikation><xzufi:kanal><code>01</code></xzufi:kanal><xzufi:kennung>+49 000 0000-300</xzufi:kennung></xzufi:kommunikation>
      <xzufi:kommunikation><xzufi:kanal><code>03</code></xzufi:kanal><xzufi:kennung>gewerbe@exempelstadt.example</xzufi:kennung></xzufi:kommunikation>
      <xzufi:internetadresse>https://exempelstadt.example/gewerbe</xzufi:internetadresse>
      <xzufi:oeffnungszeiten>Mo-Fr 08:00-12:00; Do 14:00-18:00; 2026-12-31 geschlossen</xzufi:oeffnungszeiten>
      <xzufi:zustaendigkeit>
        <xzufi:leistungID schemeAgencyID="L999999">4711</xzufi:leistungID>
        <xzufi:gebietID>urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:991010002002</xzufi:gebietID>
        <xzufi:rolle><code>01</code></xzufi:rolle>
      </xzufi:zustaendigkeit>
    </xzufi:organisationseinheit>
    <xzufi:onlinedienst>
      <xzufi:id schemeAgencyID="L999999">OD.7</xzufi:id>
      <xzufi:bezeichnung languageCode="de">Gewerbe-Service Musterland</xzufi:bezeichnung>
      <xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>https://gewerbe.musterland.example/</xzufi:link></xzufi:link>
      <xzufi:vertrauensniveau><code>substantial</code></xzufi:vertrauensniveau>
    </xzufi:onlinedienst>
    <xzufi:zustaendigkeitTransferObjekt>
      <xzufi:uebergeordnetesObjektID schemeAgencyID="L999999">OE.100</xzufi:uebergeordnetesObjektID>
      <xzufi:zustaendigkeit>
        <xzufi:id schemeAgencyID="L999999">Z.1</xzufi:id>
        <xzufi:leistungID schemeAgencyID="L999999">4711</xzufi:leistungID>
        <xzufi:gebietID>991015001</xzufi:gebietID>
        <xzufi:rolle><code>01</code></xzufi:rolle>
        <xzufi:onlinedienstID schemeAgencyID="L999999">OD.7</xzufi:onlinedienstID>
      </xzufi:zustaendigkeit>
    </xzufi:zustaendigkeitTransferObjekt>
  </xzufi:schreibe>
</xzufi:xzufi.schreibe.0201>
`;

export const malformedXzufi = {
  /** The closing tag of the Organisationseinheit's name is misspelt. */
  syntax: fixtureXzufi.replace('(fiktiv)</xzufi:name></xzufi:name>', '(fiktiv)</xzufi:nam></xzufi:name>'),
  /** A DOCTYPE with an entity: the classic entity-expansion attack. */
  doctype: fixtureXzufi.replace(
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n',
  ),
  /** A Zuständigkeit for an area key that does not exist. */
  unknownArea: fixtureXzufi.replace('rs:991010002002', 'rs:991010009009'),
  /** An e-mail address that is not one, in the second object of the file. */
  badEmail: fixtureXzufi.replace('gewerbe@exempelstadt.example', 'not-an-address'),
};
