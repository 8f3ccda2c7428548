/** Capitalised words that are not names, whatever the lexicon or the introduction before them says. */
export const NOT_A_NAME: ReadonlySet<string> = new Set(
  `Here Back Not So Very Sorry The A An In At On Just Also Still Only Really Happy Glad Interested Looking Staying Travelling Traveling
  Allergic Vegan Vegetarian Gluten Lactose Pregnant Diabetic Celiac Coeliac Tired Hungry Late Early Ready Done Fine Okay Ok Good Great
  Room Suite Villa Guest Guests Member Members Calling Writing Trying Going Coming Arriving Leaving Checking Wondering Asking
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tonight Tomorrow Yesterday Weekend
  January February March April May June July August September October November December
  Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
  English British American Canadian Australian Irish Scottish German French Spanish Italian Dutch Swiss Austrian Belgian Portuguese
  Swedish Danish Norwegian Finnish Polish Russian Chinese Japanese Korean Indian Brazilian Mexican Argentinian Greek Turkish
  Deutsch Deutscher Deutsche Français Française Francais Española Español Espanol Inglés Ingles Anglais Allemand Allemande Alemán Aleman Alemana
  Two Three Four Five Six Seven Eight Nine Ten Lunch Dinner Breakfast Brunch Spa Pool Beach Bar Restaurant Table Booking Reservation
  Your You We Our My His Her Their It This That There What How Why When Where Who Which Is Are Was Be Please Thanks Thank Hello Hi Hey
  Urgent Important Confirmed Cancelled Canceled Free Available Outside Inside Upstairs Downstairs Alone Together Sure
  Sehr Nicht Hier Gast Ober Kellner Très Tres Ici Client Cliente Huésped Aquí Aqui Muy No Si Sí Yo
  Reception Housekeeping Security Concierge Management Team Everyone Everybody All Staff Front Desk Manager Chef Waiter Driver
  Familie Family Famille Familia Famiglia Família Familia Gezin
  Hotel Resort Club Lounge Airport Station Street Road Rue Calle Via Rua Straat Strasse Straße Avenue Plaza Piazza
  Praça Museum Museo Park Garden Tower Bay Island Isla Centre Center Tennis Golf Yoga Kids Menu Wifi Taxi Check Late
  Dear Tell Ask Can Could Would Should Shall Might Must Let Do Does Did Have Has Had Get Got Send Bring Book
  Ciao Buongiorno Buonasera Grazie Prego Signor Signora Camera Stanza Olá Ola Obrigado Obrigada Quarto Bom Boa Dia
  Hoi Hallo Goedemorgen Dank Bedankt Kamer Graag Konnichiwa Arigato Arigatou Sumimasen Onegaishimasu Desu Heya
  Ohayou Ohayō Ohayo Konbanwa Moshimoshi Otsukaresama Gochisousama Itadakimasu Yoroshiku
  Visa Mastercard Amex Maestro UnionPay Paypal PayPal Revolut Bizum Apple Google
  Expedia Airbnb Agoda Trivago Tripadvisor TripAdvisor Hotelbeds Priceline Orbitz Travelocity Hopper Lastminute Opodo eDreams
  Uber Lyft Cabify Bolt Deliveroo Glovo
  Sig Dhr Mevr Dott Sra Srta Senhor Senhora Dona Meneer Mevrouw San Sama
  Mr Mrs Ms Mx Miss Dr Prof Herr Herrn Frau Monsieur Madame Mademoiselle Mme Mlle Señor Señora Señorita Sr Sra Srta Sir`.split(/\s+/),
);

// Everyday words that follow "it's", "ich bin", "c'est", "soy", "sono", "sou", "met", "desu" at the
// start of a message, per language. Folded to lower case.
export const EVERYDAY: ReadonlySet<string> = new Set(
  `me you us him her them we i it here there back home out in on off up down ok okay fine good great bad sorry late early
  ready done sure busy free lost sick ill tired hungry thirsty cold hot warm closed open broken urgent true right wrong fun over
  gone away all everyone nothing just so too very really still also not now today tonight tomorrow yesterday again myself the
  a an my your our his their about for to at with no yes yeah nope what who how why when where this that hard easy weird fair
  possible impossible perfect lovely amazing awesome nice cool bored wet noisy loud quiet dark empty full missing new old
  lit dope chill mad crazy everybody everything someone guys folks people ppl peeps team
  truly fully daily badly sadly madly oddly newly dryly
  bitte alle allen jeden todos todas todo tutti tutte tous tout toutes todo iedereen allemaal
  hier da dort es ich wir er sie auch schon noch gleich bald spät spaet müde muede krank fertig zurück zurueck wieder nicht nur
  gut sicher unterwegs drin dran angekommen weg alles das der die dem den ein eine mal jetzt heute morgen wach mir uns euch
  leider super toll schlimm dringend kaputt zu offen besetzt frei neu voll leer
  moi toi nous vous lui elle eux ça ca bon bien mal nul fini fermé ferme ouvert cassé casse parfait noté note gentil pas plus
  trop très tres vrai sûr sur la le les un une encore normal super top génial genial dommage quoi où ou qui l d ici là moche
  pareil possible complet occupé occupe libre prêt pret arrivé arrive arrivée fatigué fatigue malade désolé desole désolée
  yo tú tu él ella nosotros aquí aqui allí alli de del el un una alérgico alergico alérgica alergica vegano vegana vegetariano
  vegetariana celíaco celiaco celíaca bien muy también tambien listo lista cliente huésped huesped socio socia español española
  nuevo nueva solo sola yo mismo misma
  io noi voi lei qui qua là li già gia bene male stanco stanca stanchi arrivato arrivata arrivati pronto pronta pronti
  allergico allergica in a da di della il lo gli uno sicuro sicura contento contenta felice così cosi vegana ancora appena
  ospite italiano italiana tornato tornata tornati usciti uscito uscita sveglio sveglia fuori dentro
  eu você voce vc nós nos ele ela lá o os as um uma do bem ok novo nova alérgico hóspede hospede brasileiro brasileira
  português portugues portuguesa só tudo isso sócio socio
  ik jij je wij we hij zij ze u mij hier daar het een goed klaar moe ziek terug er nog al alleen weer even net te dat dit
  wie wat spoed plezier dank korting kinderen vrienden familie vriendelijke groet groeten blij
  hai iie sou daijoubu daijobu kekkou arigatou arigato onegai onegaishimasu sumimasen gomen ii dame muri heya nan nani doko
  itsu dare ikura kore sore are watashi boku ore otto tsuma kodomo musuko musume yoyaku genki hontou junbi shitsurei
  vegetarier vegetarierin veganer veganerin allergiker allergikerin allergisch vegetarisch végétarien vegetarien végétarienne
  végétalien vegetalien vegetariër vegetarier veganist allergisch tedesco tedesca inglese francese olandese svizzero svizzera
  alemán aleman alemana francés frances francesa holandés holandesa inglés alemão alemao alemã inglês ingles francês
  duits duitse engels engelse nederlander nederlandse belg belgisch engländer engländerin franzose französin italiener
  italienerin spanier spanierin niederländer österreicher österreicherin schweizer schweizerin amerikaner amerikanerin brite britin`
    .trim()
    .split(/\s+/),
);
// English "-ing/-ed/-ly" words ("its raining", "its totally fine") and Japanese nationalities
// ("doitsujin desu"). Five-letter "-ly" words are nicknames as often as adverbs ("sully", "molly",
// "kelly"): the few adverbs among them are in EVERYDAY.
const INFLECTED = /^(?:\p{L}{3,}(?:ing|ed|jin)|\p{L}{4,}ly)$/u;
/** A lower-case word after a chat introduction or a telling verb that may be a nickname. */
export const isNickname = (word: string): boolean => {
  const key = word.toLowerCase();
  const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
  return !EVERYDAY.has(key) && !NOT_A_NAME.has(capitalised) && !INFLECTED.test(key);
};

/*
 * Words that the generated lexicon (person-lexicon-data.ts) lists as given names but that guests
 * write as everyday words, months, drinks or dishes in one of the eight languages: like the
 * hand-written ambiguous names, they count only next to another name. Folded to lower case.
 */
export const NAME_LIKE_WORDS: ReadonlySet<string> = new Set(
  `abril april avril baby beau bill birdie bon can charity come del dell della deja don elle esta fine flip grace iban judge
  line lune mai mare margarita margherita mas may miel nada name nine ola ora pink pip quarto sem sherry tea una van verano
  vin will wolf till uma gia libero sim golden summer winter autumn spring sunny sky rain storm star honey sugar candy cookie
  brandy whisky gin rum porter stout ginger pepper rosemary basil sage olive cherry berry apple peach plum melba pavlova
  bellini negroni rossini carpaccio benedict wellington collins temple mary bloody caesar earl grey lady king queen prince
  princess duke baron major general bishop pastor sister brother mother father
  marine royal blue verde rosso bianca nero bruno blanca negro rosa rose dolce bella bello bel cara caro amor amore
  luna sol sole stella mar mare cielo terra fiore flora fauna alma vida paz luz fe gloria victoria vittoria
  mai juni juli june july august agosto janvier mars avril juin aout octobre
  domenica domingo sabato lunes martes jueves viernes sabado lunedi martedi giovedi venerdi
  sonntag samstag montag freitag segunda terca quarta quinta sexta zondag zaterdag maandag vrijdag
  lune soleil belle joli jolie doux douce reine roi
  zon maan ster bloem lente zomer
  sonne mond stern blume morgen abend sommer winter frieden
  fala ciao hola hallo dank grazie merci obrigado gracias
  otto nove dieci cinque sette sei tre due uno ocho nueve diez cinco siete seis tres dos uno neuf dix sept cinq
  chef spa pool golf tennis yoga kids bar menu villa casa case hotel nella vitoria pearl marlin nova alta mar costa marina riff
  juste aube dulce esperanza estrella gioia speranza alba benvenuto grazia flor graca harmony serenity destiny trinity
  justice patience prudence heaven forest brook raven sierra montana dakota cheyenne savanna reina angeles junior
  martini paloma magnolia dahlia willow jasmine lotus orchid coral ocean
  london milano milan roma napoli torino firenze venezia paris berlin wien lisboa porto madrid sevilla valencia`
    .trim()
    .split(/\s+/),
);

/*
 * Drinks, dishes and wines named after people: a guest ordering a Tom Collins names nobody.
 * Folded (lower case, no diacritics).
 */
export const EPONYMS: ReadonlySet<string> = new Set([
  'tom collins', 'john collins', 'shirley temple', 'bloody mary', 'eggs benedict', 'peach melba', 'beef wellington',
  'earl grey', 'lady grey', 'crepe suzette', 'crepes suzette', 'tia maria', 'jack daniels', 'johnnie walker', 'jim beam',
  'don julio', 'arnold palmer', 'harvey wallbanger', 'rob roy', 'tom and jerry', 'gomes de sa', 'marques de riscal',
  'baron de ley', 'pizza margherita', 'caesar salad', 'sacher', 'pavlova', 'bellini', 'rossini', 'carpaccio', 'negroni',
  'margherita', 'margarita', 'mojito', 'garibaldi', 'stroganoff', 'bechamel', 'praline', 'madeleine', 'charlotte russe',
]);
/**
 * Words after which a capitalised name is a boat, a dish, a wine or a beer, not a guest ("the
 * velero Estrella del Mar", "una botella de Marqués de Cáceres", "bīru wa Asahi"). Folded.
 */
export const THING_NOUNS: ReadonlySet<string> = new Set(
  `boat yacht catamaran sailboat velero veleiro bateau voilier barca barco boot schip jacht zeilboot
  pizza cocktail cocktails vino wine wein vinho vin wijn drink bebida
  bottle glass botella copa bouteille verre bottiglia bicchiere calice garrafa copo taca flasche glas fles
  beer beers bier biere birra cerveza cerveja biru biiru sake`.split(/\s+/),
);
/**
 * Words before which a name is an order, not a guest: an indefinite article or a number ("ein
 * Hugo", "un Bellini", "two Negronis"). Not Romance "a", which is also "to" ("dile a Ana").
 */
export const ORDER_WORDS: ReadonlySet<string> = new Set(
  `an another ein eine einen einem noch un une una uno um uma een nog
  two three four zwei drei vier deux trois quatre dos tres cuatro due tre quattro dois duas tres quatro twee drie vier`.split(/\s+/),
);
/**
 * Words after which a name is a dish or a drink ("Napoleon pai", "Victoria sponge", "Caesar
 * salad"), matched in any case right after the name.
 */
export const DISH_AFTER = String.raw`pie|pai|cake|k[eē]{1,2}ki|sponge|salad|spritz|sour|punch|fizz|mule|tart|tarte|tarta|torta|taart|torte|sauce|soup|sandwich|burger|sundae|toast|steak|cocktail`;
/**
 * Geographic and venue words that, right after a name (possessive or not), make it a place:
 * "Shelly Bay", "Crystal Cave", "John Smith's Bay", "Daniel's Head", "Tucker's Town". Not the
 * feature words that are also common surnames (Hall, Hill, Park, Wood, Stone, Lake, Church).
 */
export const PLACE_AFTER = String.raw`Bay|Beach|Caves?|Cove|Point|Head|Islands?|Harbou?r|Sound|Reef|Lighthouse|Parish|Village|Town|Gardens|Pond|Valley|Creek|Marina|Road|Avenue|Lagoon|Grotto|Falls|Springs|Cay|Bight|Peninsula|Trail|Airport|Museum|Cathedral|Hotel|Resort|Club|Restaurant|Caf[ée]|Grill|Lounge|Pub|Tavern|Bakery|Strand|H[öo]hle|Bucht|Hafen|Insel|Stra(?:ß|ss)e|Kirche|Platz|Baai|Haven|Eiland|Kerk|Plein|Straat`;
/*
 * Staff roles, in each language, whose holder's name follows: "our instructor Pete", "Der
 * Tennistrainer Maximilian Oberhuber", "la masajista Xiomara". German and Dutch compounds end in
 * the role ("Golflehrer", "Tennisleraar"), so the role is matched at the end of a word.
 */
export const ROLE = String.raw`(?:coach|instructor|trainer(?:in)?|therapist|masseuse|masseur(?:in)?|guide|driver|waiter|waitress|butler|bartender|barman|caddie|caddy|housekeeper|nanny|lehrer(?:in)?|fahrer(?:in)?|therapeut(?:in)?|kellner(?:in)?|betreuer(?:in)?|monitora?|instructora|entrenador(?:a)?|masajista|terapeuta|camarer[oa]|ch[óo]fer|moniteur|monitrice|entra[îi]neur|th[ée]rapeute|serveur|serveuse|chauffeur|istrut(?:tore|trice)|allena(?:tore|trice)|massaggia(?:tore|trice)|terapista|camerier[ea]|autista|maestr[oa]|k[oō]u?chi|instrutora?|treinador(?:a)?|massagista|motorista|instructeur|therapeute|leraar|lerares)`;
/** A word that names a staff role, alone or as the end of a compound ("Tennistrainer"). */
export const ROLE_WORD = new RegExp(String.raw`^\p{L}*${ROLE}$`, 'iu');
// A place, not a person, after these: "São Paulo", "San Diego", "Sankt Anton".
export const PLACE_PREFIXES: ReadonlySet<string> = new Set(['sao', 'san', 'santa', 'santo', 'saint', 'sainte', 'sankt', 'sint', 'st']);
