// Common given names and surnames per culture (a few hundred each, written by hand), and the names
// that are also everyday words or places (those never count on their own). Matching folds case and
// diacritics ("José" = "Jose", "Satō" = "Sato").
export const GIVEN_NAMES: Readonly<Record<string, string>> = {
  en: `
    James John Robert Michael William Will David Richard Joseph Thomas Charles Christopher Daniel Matthew
    Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason
    Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin
    Samuel Gregory Alexander Patrick Dennis Jerry Tyler Aaron Henry Adam Nathan Zachary Peter Kyle
    Noah Ethan Jeremy Christian Walter Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur
    Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne
    Randy Vincent Liam Oliver Lucas Mason Harry Jack Charlie Oscar Leo Alfie Archie Freddie Theo Tom
    Tim Ben Sam Max Dan Mike Matt Nick Chris Steve Tony Rob Ed Josh Luke Owen Callum Connor Declan
    Niall Ciaran Seamus Rory Finn Aidan Hamish Angus Fergus Mary Patricia Jennifer Linda Elizabeth
    Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra Ashley Kimberly Emily Donna
    Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen
    Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra
    Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria
    Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria
    Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Sophie Denise
    Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie
    Kayla Alexis Lori Amelia Isla Ava Mia Ella Poppy Freya Florence Evie Harriet Imogen Chloe Zoe
    Lucy Katie Kate Jenny Jen Liz Beth Becky Molly Siobhan Niamh Aoife Ciara Saoirse Orla Sinead
    Caoimhe Eilidh Kirsty Fiona Morag Shona Tess`,
  de: `
    Lukas Leon Finn Jonas Paul Luis Felix Ben Elias Noah Maximilian Julian Moritz Philipp Niklas Tim
    Jan Tobias Florian Sebastian Stefan Michael Andreas Thomas Markus Christian Alexander Matthias
    Martin Daniel Frank Jürgen Klaus Dieter Uwe Wolfgang Manfred Helmut Gerhard Werner Günter Hans
    Peter Karl Heinz Horst Rolf Ralf Bernd Jörg Dirk Holger Sven Torsten Thorsten Kai Lars Björn
    Jens Oliver Fabian Dominik Benedikt Johannes Konstantin Leopold Ludwig Anton Emil Oskar
    Friedrich Wilhelm Heinrich Otto Hermann Ernst Georg Gustav Rainer Reinhard Volker Detlef Ulrich
    Joachim Lothar Siegfried Mia Emma Hannah Sofia Lea Lena Leonie Marie Anna Lina Laura Lara
    Johanna Clara Charlotte Emilia Greta Ida Frieda Mathilda Luisa Paula Amelie Jana Julia Katharina
    Sabine Petra Monika Ursula Gabriele Renate Helga Ingrid Brigitte Karin Andrea Claudia Susanne
    Birgit Heike Anja Silke Katrin Kerstin Sandra Nicole Stefanie Tanja Melanie Christina Daniela
    Simone Martina Annette Jutta Gisela Elke Doris Bettina Cornelia Barbara Regina Waltraud
    Hildegard Gertrud Liesel Franziska Theresa Magdalena Antonia Veronika Anke Dagmar Frauke Wiebke
    Imke Svenja Insa`,
  fr: `
    Jean Pierre Michel André Philippe René Louis Alain Jacques Bernard Marcel Daniel Roger Robert
    Paul Claude Christian Henri Georges Nicolas François Patrick Gérard Christophe Joseph Julien
    Frédéric Laurent Stéphane Pascal David Éric Eric Sébastien Olivier Thierry Didier Dominique
    Vincent Gilles Yves Guillaume Antoine Thomas Maxime Alexandre Mathieu Matthieu Romain Benoît
    Benoit Jérôme Jerome Cédric Cedric Arnaud Xavier Fabrice Hervé Herve Lionel Ludovic Mathis Théo
    Theo Hugo Enzo Lucas Léo Leo Gabriel Raphaël Raphael Arthur Jules Baptiste Clément Clement
    Quentin Florian Adrien Étienne Etienne Aurélien Aurelien Jean-Luc Jean-Pierre Jean-Claude
    Jean-Paul Jean-Marc Marie Jeanne Françoise Francoise Monique Catherine Nathalie Isabelle
    Jacqueline Anne Sylvie Martine Christine Nicole Sophie Valérie Valerie Sandrine Stéphanie
    Stephanie Véronique Veronique Céline Celine Chantal Brigitte Hélène Helene Élodie Elodie Aurélie
    Aurelie Émilie Emilie Julie Camille Léa Lea Manon Chloé Chloe Inès Ines Jade Louise Alice Lina
    Clémence Clemence Margaux Océane Oceane Pauline Mathilde Juliette Charlotte Élise Elise Amandine
    Audrey Caroline Delphine Virginie Laetitia Agnès Agnes Béatrice Beatrice Danielle Denise Ginette
    Geneviève Genevieve Odile Colette Josiane Marie-Claire Marie-Claude Anne-Sophie Solène Solene
    Gaëlle Gaelle Maëlle Maelle Anaïs Anais`,
  es: `
    Antonio José Jose Manuel Francisco David Juan Javier Daniel Carlos Jesús Jesus Alejandro Miguel
    Rafael Pedro Pablo Ángel Angel Sergio Fernando Jorge Luis Alberto Álvaro Alvaro Adrián Adrian
    Diego Raúl Raul Enrique Ramón Ramon Vicente Ignacio Andrés Andres Rubén Ruben Óscar Oscar
    Joaquín Joaquin Santiago Mario Marcos Víctor Victor Eduardo Roberto Jaime Hugo Martín Martin
    Iván Ivan Gonzalo Guillermo Emilio Salvador Alfonso Mateo Lucas Leo Marco Nicolás Nicolas Iker
    Unai Aitor Xavier Jordi Pau Marc Oriol Arnau Iñaki Inaki Txema Gorka Mikel María Maria Carmen
    Ana Isabel Laura Cristina Marta Lucía Lucia Paula Elena Sara Raquel Rosa Manuela Mercedes Julia
    Pilar Concepción Dolores Beatriz Nuria Silvia Irene Patricia Rocío Rocio Andrea Montserrat
    Montse Mónica Monica Alba Sonia Sandra Marina Eva Natalia Ángela Angela Claudia Inmaculada
    Susana Yolanda Noelia Verónica Veronica Carolina Alicia Lorena Esther Nerea Ainhoa Itziar Leire
    Amaia Aitana Valeria Martina Daniela Sofía Sofia Jimena Ximena Lola Paloma Macarena Inés Ines
    Begoña Begona Marisol Consuelo Amparo Rosario Guadalupe Catalina Adriana Camila Valentina
    Gabriela Mariana Fernanda Luciana Renata`,
  it: `
    Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco
    Domenico Bruno Paolo Michele Giorgio Aldo Sergio Luciano Roberto Stefano Andrea Marco Alessandro
    Luca Matteo Lorenzo Leonardo Gabriele Riccardo Tommaso Edoardo Federico Davide Simone Filippo
    Emanuele Alessio Daniele Fabio Massimo Maurizio Claudio Enrico Giacomo Nicola Alberto Gianluca
    Gianni Giancarlo Pierluigi Piero Ugo Guido Dario Cesare Renato Vittorio Raffaele Gennaro Ciro
    Alfredo Umberto Ettore Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina
    Francesca Antonietta Carla Elena Concetta Rita Margherita Giulia Sofia Aurora Alice Ginevra Emma
    Giorgia Greta Beatrice Chiara Sara Martina Alessia Federica Valentina Silvia Elisa Laura Paola
    Roberta Monica Simona Cristina Daniela Barbara Stefania Claudia Manuela Patrizia Raffaella
    Serena Ilaria Eleonora Camilla Noemi Arianna Vittoria Ludovica Benedetta Letizia Lucrezia
    Donatella Ornella Loredana Graziella Annalisa Gabriella Rossella Marta Irene Bianca Viola
    Nicoletta Antonella Fabiola`,
  pt: `
    João Joao José Jose António Antonio Francisco Manuel Luís Luis Pedro Paulo Carlos Miguel Rui
    Nuno Ricardo Tiago Diogo Rodrigo Gonçalo Goncalo Duarte Afonso Tomás Tomas Martim Santiago
    Salvador Gustavo Guilherme Henrique Lucas Gabriel Rafael Bernardo Vasco Filipe Fernando Jorge
    Sérgio Sergio Hugo Bruno André Andre Vítor Vitor Marcelo Fábio Fabio Leandro Mateus Thiago
    Vinícius Vinicius Eduardo Leonardo Felipe Arthur Heitor Davi Caio Matheus Maria Ana Joana
    Mariana Beatriz Inês Ines Sofia Margarida Leonor Carolina Matilde Francisca Catarina Rita Marta
    Sara Teresa Helena Isabel Luísa Luisa Filipa Patrícia Patricia Sandra Susana Cláudia Claudia
    Paula Raquel Andreia Vera Sónia Sonia Cristina Fernanda Graça Graca Conceição Conceicao Fátima
    Fatima Lurdes Manuela Alice Clara Camila Júlia Julia Larissa Letícia Leticia Gabriela Daniela
    Bianca Yasmin Lívia Livia Tatiana Renata Aline Adriana Juliana Vanessa`,
  nl: `
    Jan Johannes Hendrik Cornelis Willem Pieter Gerrit Jacobus Dirk Hans Peter Kees Piet Henk Wim
    Gert Bert Joost Sander Bas Thijs Daan Sem Lucas Levi Finn Luuk Milan Bram Lars Jesse Noah Ruben
    Tim Thomas Stijn Koen Jeroen Maarten Martijn Niels Rik Robin Wouter Jasper Joris Ruud Arjen
    Arjan Erik Frank Marco Mark Michiel Vincent Roel Teun Gijs Mees Siem Jens Floris Tijmen Hidde
    Jelle Sjoerd Wessel Maria Anna Johanna Cornelia Elisabeth Wilhelmina Petronella Hendrika Femke
    Anouk Sanne Lotte Fleur Eva Emma Julia Sophie Lisa Sara Noor Tess Zoë Zoe Mila Nina Roos Lieke
    Iris Evi Fenna Isa Jasmijn Lynn Maud Sterre Yara Anne Annemieke Marieke Ingrid Monique Mirjam
    Esther Ilse Inge Karin Linda Marjolein Saskia Wendy Kim Manon Nienke Renske Sietske Baukje
    Hanneke Janneke Joke Mieke Tineke Wilma Els Elske`,
  ja: `
    Haruto Yuto Sota Yuki Hinata Riku Souta Sōta Hiroto Minato Yamato Itsuki Takumi Kaito Haruki Ren
    Asahi Aoi Sora Yūma Yuma Kenta Shota Shōta Kazuki Daiki Naoki Ryota Ryōta Yusuke Yūsuke Daisuke
    Kenji Hiroshi Takeshi Satoshi Makoto Akira Taro Tarō Ichiro Ichirō Jiro Jirō Kenichi Ken'ichi
    Koji Kōji Shinji Tetsuya Masato Masaki Hideki Hideo Kazuo Yoshio Takashi Tsuyoshi Noboru Osamu
    Isamu Shigeru Minoru Susumu Kiyoshi Yoshiro Haruka Sakura Yui Hina Mio Rin Yuna Mei Emi Aiko
    Keiko Yoko Yōko Naoko Tomoko Akiko Misaki Nanami Ayaka Asuka Kaori Megumi Yumi Yuka Mika Rie Eri
    Saki Miku Mana Nana Airi Akari Kanon Himari Tsumugi Koharu Honoka Riko Kokona Shiori Chihiro
    Noriko Sachiko Hiroko Michiko Kazuko Fumiko Junko Kumiko Mayumi Ayumi Natsuki Hikari
    Mizuki Reiko Yuko Yūko Kyoko Kyōko Emiko Etsuko Hanako Harumi Hitomi Kanako Kaede Kazumi Kiyomi
    Mariko Masako Mayu Midori Miho Miki Minami Mitsuko Miyu Momoko Nao Natsumi Nozomi Rei Risa Ryoko
    Ryōko Sayaka Sayuri Setsuko Shizuka Takako Tomomi Yoshiko Yukiko Yuri Yuriko Ayako Chieko Eiko
    Haruna Makiko Misato Nanako Rika Rina Saori Satomi Shoko Shōko Tomoe Azusa Chika Erika Kasumi
    Madoka Maki Manami Mao Moe Sae Yua Yuzuki Akihiro Atsushi Daichi Eiji Goro Gorō Hajime Hayato
    Hikaru Hiroki Hiroyuki Isao Junichi Jun'ichi Keisuke Koichi Kōichi Kosuke Kōsuke Kyosuke Manabu
    Masahiro Masaru Masashi Michio Mitsuru Naoto Nobuo Ryo Ryu Ryuji Ryūji Satoru Shingo Shinichi
    Shin'ichi Shun Shunsuke Shohei Shōhei Sosuke Sōsuke Taichi Taiga Takahiro Takuya Tatsuya Tomoya
    Toru Tōru Toshio Tsubasa Wataru Yasuo Yoshiaki Yoshiki Yuichi Yūichi Yuji Yūji Yuya Yūya Yuuki`,
};
export const SURNAMES: Readonly<Record<string, string>> = {
  en: `
    Smith Johnson Williams Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin
    Thompson Harris Clark Lewis Robinson Walker Allen Wright Scott Nelson Carter Mitchell Roberts
    Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan
    Bell Murphy Bailey Cooper Richardson Cox Howard Ward Peterson Gray Ramirez James Watson Brooks
    Kelly Sanders Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Patterson
    Hughes Flores Washington Butler Simmons Foster Bryant Alexander Russell Griffin Hayes Myers Ford
    Hamilton Graham Sullivan Wallace Woods Cole West Jordan Owens Reynolds Fisher Ellis Harrison
    Gibson McDonald Marshall Murray Kennedy Wells Webb Simpson Stevens Tucker Porter Hunter Hicks
    Crawford Henry Boyd Mason Warren Dixon Burns Gordon Shaw Holmes Rice Robertson Hunt Black
    Daniels Palmer Mills Grant Knight Ferguson Stone Hawkins Dunn Perkins Hudson Spencer Gardner
    Stephens Payne Pierce Berry Matthews Arnold Wagner Willis Ray Watkins Olson Carroll Duncan
    Snyder Hart Cunningham Bradley Lane Andrews Ruiz Harper Fox Riley Armstrong Carpenter Weaver
    Greene Lawrence Elliott Chavez Sims Austin Peters Kelley Franklin Lawson Fields Brown White
    Green Young King Hill Baker Hall Adams Clarke Davies Lee Lloyd Price Whitfield Connolly Whitaker
    O'Brien O'Connor O'Neill O'Sullivan Walsh Byrne Ryan Doyle McCarthy Gallagher Doherty Lynch
    Quinn Brennan Fitzgerald MacDonald Macleod Fraser Reid`,
  de: `
    Müller Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
    Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange
    Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter
    Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich
    Keller Günther Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig
    Böhm Winter Kraus Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt
    Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Voigt
    Sauer Arnold Wolff Pfeiffer Gruber Hofer Steiner Moser Wimmer Pichler Egger Leitner Brunner
    Lechner Eder Baumgartner Kofler`,
  fr: `
    Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre
    Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont
    Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry
    Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin
    Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer
    Lucas Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt
    Leroux Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois
    Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da Silva
    Hubert Louis Charles Guillot Rivière Le Gall Guillaume Adam Rey Moulin Gonzalez Berger Lecomte
    Menard Fleury Deschamps Carpentier Julien Benoit Paris Maillard Marchal Aubry Vasseur Renault
    Jacquet Collet Prevost Poirier Charpentier Royer Huet Baron Dupuy Pons Paul Laine Carre Breton
    Remy Schneider Perrot Barre Marty Cousin`,
  es: `
    García Garcia Rodríguez Rodriguez González Gonzalez Fernández Fernandez López Lopez Martínez
    Martinez Sánchez Sanchez Pérez Perez Gómez Gomez Martín Jiménez Jimenez Ruiz Hernández Hernandez
    Díaz Diaz Moreno Muñoz Munoz Álvarez Alvarez Romero Alonso Gutiérrez Gutierrez Navarro Torres
    Domínguez Dominguez Vázquez Vazquez Ramos Gil Ramírez Ramirez Serrano Blanco Molina Morales
    Suárez Suarez Ortega Delgado Castro Ortiz Rubio Marín Marin Sanz Núñez Nunez Iglesias Medina
    Garrido Cortés Cortes Castillo Santos Lozano Guerrero Cano Prieto Méndez Mendez Cruz Calvo
    Gallego Vidal León Leon Márquez Marquez Herrera Peña Pena Flores Cabrera Campos Vega Fuentes
    Carrasco Diez Caballero Reyes Nieto Aguilar Pascual Santana Herrero Lorenzo Hidalgo Montero
    Ibáñez Ibanez Giménez Gimenez Ferrer Durán Duran Santiago Benítez Benitez Mora Vicente Vargas
    Arias Carmona Crespo Román Roman Pastor Soto Sáez Saez Velasco Moya Soler Parra Esteban Bravo
    Gallardo Rojas Echeverría Etxeberria Aguirre Goikoetxea Zubizarreta Urrutia Puig Vila Pujol
    Serra Font`,
  it: `
    Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca
    Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso
    Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola Santis
    D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini
    Messina Sala Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato
    Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo
    Montanari Guerra Palmieri Bernardi Martino Fiore Rosa Ferretti Bellini Basile Riva Donati Piras
    Vitali Battaglia Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino D'Amico Orlando
    Damico Negri`,
  pt: `
    Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Souza Fernandes
    Gonçalves Goncalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira
    Correia Mendes Nunes Soares Vieira Monteiro Cardoso Rocha Raposo Neves Coelho Cruz Cunha Pires
    Ramos Reis Simões Simoes Antunes Matos Fonseca Machado Araújo Araujo Barbosa Tavares Lourenço
    Lourenco Castro Figueiredo Azevedo Freitas Lima Campos Batista Barros Dias Brito Moura Paiva
    Magalhães Magalhaes Sá Carneiro Guimarães Guimaraes Queirós Queiros Valente Henriques Miranda
    Leite Franco Pacheco Borges Cabral Amaral Nogueira Melo Assunção`,
  nl: `
    Jong Jansen Vries Berg Dijk Bakker Janssen Visser Smit Meijer Boer Mulder Groot Bos Vos Peters
    Hendriks Leeuwen Dekker Brouwer Wit Dijkstra Smits Graaf Meer Linden Kok Jacobs Haan Vermeulen
    Heuvel Veen Broek Bruijn Bruin Heijden Schouten Beek Willems Vliet Ven Hoekstra Maas Verhoeven
    Koster Dam Wal Prins Blom Huisman Peeters Jonge Kuipers Post Kuiper Veenstra Kramer Brink
    Scholten Wijk Postma Martens Vink Ruiter Timmermans Groen Gerritsen Jonker Loon Velde Willemsen
    Smeets Lange Bosch Dongen Schipper Koning Laan Velden Driessen Doorn Hermans Evers Meulen Hofman
    Bosman Wolters Sanders Horst Mol Kuijpers Molenaar Pol Leeuw Verbeek Hoeven Hoek Wouters Claes
    Maes Mertens Goossens Wuyts`,
  ja: `
    Sato Satō Suzuki Takahashi Tanaka Watanabe Ito Itō Yamamoto Nakamura Kobayashi Kato Katō Yoshida
    Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto
    Yamashita Ishikawa Nakajima Maeda Fujita Ogawa Goto Gotō Okada Hasegawa Murakami Kondo Kondō
    Ishii Saito Saitō Sakamoto Endo Endō Aoki Fujii Nishimura Fukuda Ota Ōta Miura Fujiwara Okamoto
    Matsuda Nakagawa Nakano Harada Ono Tamura Takeuchi Kaneko Wada Nakayama Ishida Ueda Morita Hara
    Shibata Sakai Kudo Kudō Yokoyama Miyazaki Miyamoto Uchida Takagi Ando Andō Taniguchi Ohno
    Maruyama Imai Takada Fujimoto Takeda Murata Ueno Sugiyama Masuda Sugawara Hirano Otsuka Ōtsuka
    Chiba Kubo Matsui Iwasaki Sakurai Kinoshita Noguchi Matsuo Nomura Kikuchi Sano Onishi Sugimoto
    Arai Hamada Suga Takano Kojima Ichikawa Nishida Sakaguchi Yoshikawa Koyama Nakanishi Hoshino
    Kawaguchi Kitamura Kurosawa Matsushita Miyake Mochizuki Nagai Nakata Nishikawa Okazaki Shimada
    Sugita Takayama Tsuchiya Uchiyama Yasuda Yokota Hirai Iwata Kawamura Kubota Kuroda Matsumura
    Mizuno Nagata Ozawa Tsuji Yoshimura Aoyama Kawano Horie Hirose Hosokawa Igarashi Ishihara
    Kanda Kawakami Kikuchi Kobayakawa Komatsu Kuwahara Mizutani Morimoto Nakamoto Narita Nishiyama
    Okabe Okumura Sakata Sasaki Shiraishi Tachibana Takemoto Toyoda Umeda Wakabayashi Yamaoka`,
};
export const AMBIGUOUS_NAMES = `
  May June April August Will Mark Bill Grace Hope Joy Faith Rose Summer Autumn Dawn Eve Iris Ivy
  Jade Ruby Pearl Amber Violet Daisy Lily Holly Olive Sky Robin Art Pat Sue Don Guy Ray Jack Sunny
  Chase Hunter Mason Drew Cash Gay Penny Carol Christian Frank Angel Ángel Hazel Ginger Honey Star
  River Rain Storm Jordan Austin Washington Hamilton Lincoln Jackson Dallas Florence Paris Sydney
  Victoria Chelsea Charlotte Georgia Orlando Madison Brooklyn Kingston Preston Chester Stanley
  Wellington Nelson Phoenix Savannah Adelaide Regina Bermuda Jan Mai Mei Ken Kai Ran Yu Hana Sora
  Umi Mio Ren Rin Nana Mana Mercedes Dolores Pilar Rosario Santiago Cruz Paz Luz Sol Reyes Nieves
  Consuelo Amparo Salvador Jesús Jesus Marina Rosa Bella Viola Fiore Bianca Sole Costa Lima Santos
  Ramos Campos Flores Torres Blanco Moreno Rubio Castillo Iglesias Medina León Leon Vega Fuentes
  Guerrero Santana Soler Pastor Bravo Ferrer Villa Serra Riva Conte Ferrari Fontana Colombo Greco
  Romano Marino Bruno Gallo Leone Longo Gentile Testa Guerra Neri Franco Reis Neves Rocha Pinto
  Coelho Valente Cabral Melo Brito Koch Bauer Richter Klein Wolf Schwarz Braun Lange Lang König
  Kaiser Fuchs Jung Hahn Vogel Keller Winter Sommer Stein Jäger Groß Graf Engel Horn Busch Sauer
  Weiß Fischer Schneider Zimmermann Schuster Schäfer Berg Bakker Visser Smit Mulder Bos Vos Kok
  Dekker Brouwer Koster Prins Blom Post Kuiper Kramer Schipper Mol Maas Groen Koning Boer Meer Dam
  Wal Veen Beek Broek Heuvel Linden Hoek Laan Brink Horst Pol Ven Petit Blanc Brun Roux Bonnet
  Fontaine Marchand Chevalier Renard Roche Renault Baron Breton Cousin Moulin Rivière Roy Rey
  Legrand Long Lane Price Hill King Young Green White Brown Black Gray Grey Wood Woods Stone Hunt
  Fox Bell Cook Baker Hall Wells West Rice Ford Knight Mills Banks Carpenter Weaver Fields Little
  Sharp Wise Love Bird Best Case Church North Major Page Bishop Cross Dean Park Ward Moss Frost
  Day Hudson Mill Mori Hara Ueno Chiba Sala Monti Gatti Mora Vila Font Dias Leite
  Otto`;
