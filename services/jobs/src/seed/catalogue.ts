import type { GuestType, ServiceType } from '@cbc/contract';

/*
 * What the synthetic guests say, search for and look at. Text exists in four languages; guests
 * with another language tag (it, nl, pt-BR, ja) write English, as they mostly do with the agent.
 */

export const TEXT_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

export const LANGUAGE_WEIGHTS: Record<string, number> = { en: 44, de: 20, fr: 14, es: 12, it: 4, nl: 3, 'pt-BR': 2, ja: 1 };

export const GUEST_TYPE_WEIGHTS: Record<GuestType, number> = { hotel_guest: 46, member: 34, day_visitor: 10, prospect: 9, unknown: 1 };

/** Weight of a guest when the sessions beyond each guest's first are shared out. */
export const SESSION_WEIGHT: Record<GuestType, number> = { hotel_guest: 1.25, member: 1.5, day_visitor: 0.15, prospect: 0.3, unknown: 0.1 };

export const CHANNEL_WEIGHTS = { web: 40, mobile: 31, whatsapp: 19, kiosk: 7, email: 3 } as const;

/** Activity by hour of day (UTC, the club's clock): peaks after breakfast and before dinner. */
export const HOUR_WEIGHTS = [0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 2.5, 4, 4.5, 3.5, 2.8, 2.5, 2.3, 2, 2, 2.3, 2.8, 3.5, 4.2, 4.5, 3.8, 2.2, 1];

/** Activity by weekday, Sunday first: weekends are busier. */
export const WEEKDAY_WEIGHTS = [1.3, 0.85, 0.85, 0.9, 0.95, 1.15, 1.4];

export const TOPICS = ['spa', 'dining', 'housekeeping', 'transport', 'activities', 'maintenance', 'stay', 'pool', 'kids'] as const;
export type Topic = (typeof TOPICS)[number];

export const TOPIC_WEIGHTS: Record<GuestType, Partial<Record<Topic, number>>> = {
  hotel_guest: { spa: 18, dining: 20, housekeeping: 14, transport: 10, activities: 12, maintenance: 6, stay: 10, pool: 6, kids: 4 },
  member: { spa: 22, dining: 26, activities: 18, transport: 4, stay: 4, pool: 12, kids: 8, housekeeping: 3, maintenance: 3 },
  day_visitor: { dining: 30, pool: 30, activities: 20, spa: 15, transport: 5 },
  prospect: { stay: 45, spa: 20, dining: 15, activities: 15, kids: 5 },
  unknown: { stay: 30, dining: 30, spa: 20, pool: 20 },
};

export const SERVICE_OF_TOPIC: Record<Topic, ServiceType> = {
  spa: 'spa',
  dining: 'dining',
  housekeeping: 'housekeeping',
  transport: 'transport',
  activities: 'activities',
  maintenance: 'maintenance',
  stay: 'other',
  pool: 'other',
  kids: 'activities',
};

export const INTENT_OF_TOPIC: Record<Topic, string> = {
  spa: 'spa_booking',
  dining: 'dining_reservation',
  housekeeping: 'housekeeping_request',
  transport: 'transport_booking',
  activities: 'activity_booking',
  maintenance: 'maintenance_issue',
  stay: 'stay_question',
  pool: 'facility_hours',
  kids: 'kids_club',
};

/** Service levels in minutes: acknowledge within `ack`, complete within `complete`. */
export const SLA_MINUTES: Record<ServiceType, { ack: number; complete: number }> = {
  spa: { ack: 15, complete: 120 },
  dining: { ack: 10, complete: 45 },
  housekeeping: { ack: 15, complete: 60 },
  transport: { ack: 10, complete: 30 },
  activities: { ack: 30, complete: 240 },
  maintenance: { ack: 20, complete: 240 },
  other: { ack: 30, complete: 240 },
};

export const PAGES: Record<Topic, ReadonlyArray<readonly [path: string, title: string]>> = {
  spa: [['/spa', 'Spa'], ['/spa/treatments', 'Spa treatments'], ['/spa/booking', 'Book a treatment']],
  dining: [['/dining', 'Restaurants & bars'], ['/dining/reservations', 'Reserve a table'], ['/dining/menus/beach-grill', 'Beach Grill menu'], ['/dining/room-service', 'In-room dining']],
  housekeeping: [['/stay/housekeeping', 'Housekeeping'], ['/stay/amenities', 'Room amenities']],
  transport: [['/getting-here', 'Getting here'], ['/getting-here/airport-transfer', 'Airport transfers'], ['/stay/car-rental', 'Car & bike rental']],
  activities: [['/activities', 'Activities'], ['/activities/diving', 'Diving & snorkelling'], ['/activities/tennis', 'Tennis courts'], ['/activities/calendar', 'This week at the club']],
  maintenance: [['/stay/help', 'Help in your room'], ['/contact', 'Contact us']],
  stay: [['/rooms', 'Rooms & suites'], ['/rooms/ocean-suite', 'Ocean suite'], ['/offers', 'Offers'], ['/membership', 'Membership']],
  pool: [['/facilities/pools', 'Pools'], ['/facilities/beach', 'The beach'], ['/facilities/gym', 'Fitness centre']],
  kids: [['/family/kids-club', 'Kids club'], ['/family', 'Families']],
};
export const HOME: readonly [string, string] = ['/', 'Coral Beach Club'];
export const EXTERNAL_REFERRERS = ['https://www.google.com/', 'https://www.instagram.com/', 'https://newsletter.coralbeachclub.example/', 'https://www.tripadvisor.com/', 'https://maps.google.com/'];
export const SITE = 'https://www.coralbeachclub.example';

export const FAQS: Record<Topic, readonly string[]> = {
  spa: ['faq-spa-booking', 'faq-spa-hours', 'faq-spa-cancellation'],
  dining: ['faq-breakfast-hours', 'faq-dress-code', 'faq-dietary-requirements'],
  housekeeping: ['faq-towels', 'faq-turndown', 'faq-laundry'],
  transport: ['faq-airport-transfer', 'faq-parking', 'faq-taxi'],
  activities: ['faq-diving-certification', 'faq-tennis-booking', 'faq-activity-calendar'],
  maintenance: ['faq-air-conditioning', 'faq-wifi', 'faq-safe'],
  stay: ['faq-checkin-time', 'faq-late-checkout', 'faq-pets', 'faq-membership'],
  pool: ['faq-pool-hours', 'faq-beach-towels', 'faq-cabanas'],
  kids: ['faq-kids-club-ages', 'faq-babysitting'],
};

type PerLanguage<T> = Record<TextLanguage, T>;

/** Queries that find something, by topic. */
export const SEARCHES: Record<Topic, PerLanguage<readonly string[]>> = {
  spa: { en: ['massage', 'spa opening hours', 'facial treatment'], de: ['Massage', 'Spa Öffnungszeiten'], fr: ['massage', 'soin du visage'], es: ['masaje', 'horario del spa'] },
  dining: { en: ['breakfast hours', 'restaurant reservation', 'room service menu'], de: ['Frühstück', 'Tisch reservieren'], fr: ['petit déjeuner', 'réserver une table'], es: ['desayuno', 'reservar mesa'] },
  housekeeping: { en: ['extra towels', 'laundry service'], de: ['Handtücher', 'Wäscheservice'], fr: ['serviettes', 'blanchisserie'], es: ['toallas', 'lavandería'] },
  transport: { en: ['airport transfer', 'taxi', 'parking'], de: ['Flughafentransfer', 'Parken'], fr: ['navette aéroport', 'taxi'], es: ['traslado aeropuerto', 'aparcamiento'] },
  activities: { en: ['diving', 'tennis court booking', 'yoga class'], de: ['Tauchen', 'Tennisplatz'], fr: ['plongée', 'cours de yoga'], es: ['buceo', 'clase de yoga'] },
  maintenance: { en: ['wifi password', 'air conditioning'], de: ['WLAN Passwort', 'Klimaanlage'], fr: ['mot de passe wifi', 'climatisation'], es: ['contraseña wifi', 'aire acondicionado'] },
  stay: { en: ['late checkout', 'check-in time', 'membership'], de: ['später Check-out', 'Mitgliedschaft'], fr: ['départ tardif', 'adhésion'], es: ['salida tardía', 'membresía'] },
  pool: { en: ['pool hours', 'beach towels', 'cabana'], de: ['Pool Öffnungszeiten', 'Strandtücher'], fr: ['horaires piscine', 'serviettes de plage'], es: ['horario piscina', 'toallas de playa'] },
  kids: { en: ['kids club', 'babysitting'], de: ['Kinderclub', 'Babysitter'], fr: ['club enfants', 'baby-sitting'], es: ['club infantil', 'canguro'] },
};

/** Searches that keep finding nothing: the content gaps the dashboard should surface. */
export const RECURRING_ZERO_RESULT: PerLanguage<readonly string[]> = {
  en: ['helicopter transfer', 'dog friendly rooms', 'padel court', 'vegan tasting menu'],
  de: ['Hubschrauber Transfer', 'Hund erlaubt', 'Padel Platz'],
  fr: ['transfert hélicoptère', 'chien accepté', 'terrain de padel'],
  es: ['traslado en helicóptero', 'se admiten perros', 'pista de pádel'],
};
/** One-off zero-result searches: typos and oddities. */
export const ODD_QUERIES = ['masage', 'breakfst', 'sauna opning', 'cryotherapy', 'golf simulator', 'frühstück zimmer 7uhr', 'piscine chauffée?', 'wifi contrasena', 'bowling', 'karaoke night'];

/** Opening lines of a guest in a chat, by topic. */
export const GUEST_OPENERS: Record<Topic, PerLanguage<readonly string[]>> = {
  spa: {
    en: ['Can I book a massage for tomorrow morning?', 'Do you have a couples treatment this afternoon?'],
    de: ['Kann ich für morgen früh eine Massage buchen?', 'Gibt es heute Nachmittag noch einen Termin im Spa?'],
    fr: ['Puis-je réserver un massage pour demain matin ?', 'Avez-vous un soin en duo cet après-midi ?'],
    es: ['¿Puedo reservar un masaje para mañana por la mañana?', '¿Hay hueco en el spa esta tarde?'],
  },
  dining: {
    en: ['I would like a table for dinner tonight.', 'Is the beach grill open for lunch today?'],
    de: ['Ich hätte gern einen Tisch für heute Abend.', 'Hat der Beach Grill heute mittags geöffnet?'],
    fr: ['Je voudrais une table pour ce soir.', 'Le beach grill est-il ouvert ce midi ?'],
    es: ['Quisiera una mesa para cenar esta noche.', '¿Está abierto el beach grill a mediodía?'],
  },
  housekeeping: {
    en: ['Could we get extra towels and pillows?', 'Can housekeeping come a bit later today?'],
    de: ['Könnten wir zusätzliche Handtücher bekommen?', 'Kann der Zimmerservice heute später kommen?'],
    fr: ['Pourrions-nous avoir des serviettes supplémentaires ?', 'Le ménage peut-il passer plus tard ?'],
    es: ['¿Nos podrían traer más toallas?', '¿Pueden limpiar la habitación más tarde hoy?'],
  },
  transport: {
    en: ['I need a transfer to the airport on Friday.', 'Can you call us a taxi into town?'],
    de: ['Ich brauche am Freitag einen Transfer zum Flughafen.', 'Können Sie uns ein Taxi in die Stadt rufen?'],
    fr: ["J'ai besoin d'une navette pour l'aéroport vendredi.", 'Pouvez-vous nous appeler un taxi ?'],
    es: ['Necesito un traslado al aeropuerto el viernes.', '¿Nos pueden pedir un taxi al centro?'],
  },
  activities: {
    en: ['Are there spots left on the snorkelling trip?', 'Can I book a tennis court for 5pm?'],
    de: ['Gibt es noch Plätze beim Schnorchelausflug?', 'Kann ich einen Tennisplatz buchen?'],
    fr: ["Reste-t-il des places pour la sortie snorkeling ?", 'Puis-je réserver un court de tennis ?'],
    es: ['¿Quedan plazas para la excursión de snorkel?', '¿Puedo reservar una pista de tenis?'],
  },
  maintenance: {
    en: ['The air conditioning in our room is not working.', 'The wifi keeps dropping.'],
    de: ['Die Klimaanlage in unserem Zimmer funktioniert nicht.', 'Das WLAN bricht ständig ab.'],
    fr: ['La climatisation ne fonctionne pas.', 'Le wifi se coupe sans arrêt.'],
    es: ['El aire acondicionado no funciona.', 'El wifi se corta todo el rato.'],
  },
  stay: {
    en: ['Is a late checkout possible on Sunday?', 'What does the membership include?'],
    de: ['Ist am Sonntag ein später Check-out möglich?', 'Was beinhaltet die Mitgliedschaft?'],
    fr: ['Un départ tardif est-il possible dimanche ?', "Que comprend l'adhésion ?"],
    es: ['¿Es posible una salida tardía el domingo?', '¿Qué incluye la membresía?'],
  },
  pool: {
    en: ['When does the main pool close?', 'Can we reserve a cabana?'],
    de: ['Wann schließt der Pool?', 'Können wir eine Cabana reservieren?'],
    fr: ['À quelle heure ferme la piscine ?', 'Peut-on réserver une cabane ?'],
    es: ['¿A qué hora cierra la piscina?', '¿Podemos reservar una cabaña?'],
  },
  kids: {
    en: ['What ages does the kids club take?', 'Do you offer babysitting in the evening?'],
    de: ['Ab welchem Alter ist der Kinderclub?', 'Gibt es abends einen Babysitter?'],
    fr: ['Le club enfants accepte quels âges ?', 'Proposez-vous du baby-sitting le soir ?'],
    es: ['¿Para qué edades es el club infantil?', '¿Ofrecen canguro por la noche?'],
  },
};

export const GUEST_FOLLOW_UPS: PerLanguage<readonly string[]> = {
  en: ['Great, thank you!', 'And is that possible on Sunday too?', 'How much is it?', 'Perfect.', 'Could you confirm by message?'],
  de: ['Super, danke!', 'Geht das auch am Sonntag?', 'Was kostet das?', 'Perfekt.'],
  fr: ['Parfait, merci !', 'Et dimanche aussi ?', 'Combien cela coûte-t-il ?', "D'accord."],
  es: ['¡Genial, gracias!', '¿Y el domingo también?', '¿Cuánto cuesta?', 'Perfecto.'],
};

export const AGENT_REPLIES: PerLanguage<readonly string[]> = {
  en: ['Of course, let me check that for you.', 'That is available, shall I book it?', 'Done, you will get a confirmation shortly.', 'Anything else I can help with?'],
  de: ['Natürlich, ich sehe kurz nach.', 'Das ist verfügbar, soll ich es buchen?', 'Erledigt, Sie erhalten gleich eine Bestätigung.'],
  fr: ['Bien sûr, je vérifie pour vous.', "C'est disponible, je réserve ?", 'C’est fait, vous recevrez une confirmation.'],
  es: ['Por supuesto, lo compruebo.', 'Está disponible, ¿lo reservo?', 'Hecho, recibirá una confirmación enseguida.'],
};

export const STAFF_REPLIES: PerLanguage<readonly string[]> = {
  en: ['Hello, this is the front desk. I will take care of this personally.', 'A colleague is on the way.'],
  de: ['Guten Tag, hier ist die Rezeption. Ich kümmere mich darum.', 'Ein Kollege ist unterwegs.'],
  fr: ["Bonjour, ici la réception. Je m'en occupe.", 'Un collègue arrive.'],
  es: ['Hola, le atiende recepción. Me encargo yo.', 'Un compañero va de camino.'],
};

export const REQUEST_NOTES: Record<ServiceType, readonly string[]> = {
  spa: ['Deep tissue, 60 minutes', 'Couples massage, quiet room', 'Facial before dinner'],
  dining: ['Table for 2, terrace if possible', 'Birthday cake for dessert', 'Gluten free menu please'],
  housekeeping: ['Extra towels and pillows', 'Clean after 2pm please', 'Baby cot needed'],
  transport: ['Airport transfer, 3 bags', 'Taxi to the harbour', 'Two bikes for the afternoon'],
  activities: ['Snorkelling trip, 2 adults', 'Tennis court at 17:00', 'Sunset yoga'],
  maintenance: ['Air conditioning not cooling', 'Shower drain blocked', 'TV remote broken'],
  other: ['Late checkout request', 'Lost sunglasses at the pool', 'Beach cabana for the afternoon'],
};
export const STAFF_NOTES = ['Assigned to on-duty team', 'Guest informed', 'Confirmed by phone', 'Done, checked with guest'];

export const FEEDBACK_COMMENTS: Record<'good' | 'mixed' | 'bad', PerLanguage<readonly string[]>> = {
  good: {
    en: ['Lovely stay, the staff were wonderful.', 'The chat was quick and helpful.', 'Best massage I have had in years.'],
    de: ['Wunderbarer Aufenthalt, sehr freundliches Personal.', 'Der Chat war schnell und hilfreich.'],
    fr: ['Séjour magnifique, personnel adorable.', 'Le chat a été rapide et utile.'],
    es: ['Estancia preciosa, el personal encantador.', 'El chat fue rápido y útil.'],
  },
  mixed: {
    en: ['Good overall, but the transfer was late.', 'Nice room, breakfast was crowded.'],
    de: ['Insgesamt gut, aber der Transfer kam zu spät.', 'Schönes Zimmer, Frühstück zu voll.'],
    fr: ['Bien dans l’ensemble, mais la navette était en retard.'],
    es: ['Bien en general, pero el traslado llegó tarde.'],
  },
  bad: {
    en: ['Nobody answered my request for an hour.', 'The air conditioning was never fixed.'],
    de: ['Eine Stunde lang hat niemand reagiert.', 'Die Klimaanlage wurde nie repariert.'],
    fr: ["Personne n'a répondu pendant une heure."],
    es: ['Nadie respondió a mi solicitud durante una hora.'],
  },
};

/** User agents by channel; email and WhatsApp arrive without a browser. */
export const USER_AGENTS: Record<'web' | 'mobile' | 'kiosk', readonly string[]> = {
  web: [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ],
  mobile: [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
    'CBCConcierge/4.2 (iPhone; iOS 17.5)',
    'CBCConcierge/4.2 (Android 14; SM-S918B) Mobile',
  ],
  kiosk: ['Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 CBC-Kiosk/3.1'],
};
